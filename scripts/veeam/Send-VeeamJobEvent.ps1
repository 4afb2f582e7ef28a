<#
.SYNOPSIS
    Veeam Backup & Replication post-job script: reports the job run to the Teams bot.

.DESCRIPTION
    Written for Windows PowerShell 5.1 (what VBR 12 and 13 on Windows run post-job scripts with).

    Veeam passes no arguments and sets no job variables. The script therefore:
      1. reads the job id and session id from the command line of the parent
         Veeam.Backup.Manager.exe process (Win32_Process): the first GUID is the job,
         the second the session;
      2. starts a detached worker (this same file with -Worker) and exits 0 at once, so the
         job is not held (the session is still open while a post-job script runs);
      3. the worker waits (bounded) until the session has finished, reads result, times,
         sizes, per-object results and warning/error lines with the Veeam PowerShell
         module, builds the body with ConvertTo-Json and POSTs it as UTF-8 to the bot;
      4. events that cannot be delivered are kept in a spool folder and sent first on
         the next run.

    The webhook secret is read from a file (see Install-VeeamTeamsBot.ps1, which restricts
    it to the Veeam service account), never from the command line.

    Command line for the job (Job settings > Storage > Advanced > Scripts, "Run the
    following script after the job"):
      C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -NoProfile -ExecutionPolicy Bypass -File "C:\VeeamTeamsBot\Send-VeeamJobEvent.ps1"

.PARAMETER ConfigPath
    config.json (default: next to this script).
.PARAMETER Worker
    Internal: run as the detached worker.
.PARAMETER JobId
    Job GUID (normally found from the parent process).
.PARAMETER SessionId
    Session GUID (normally found from the parent process).
.PARAMETER Minimal
    Send only jobId + sessionId; the bot reads the rest from the Veeam REST API.
.PARAMETER Test
    Send a test event ("Test Backup Job") now and print the answer.
.PARAMETER FlushSpool
    Only resend the spooled events.
.PARAMETER Foreground
    Do the work in this process (no detached worker); for troubleshooting.
.PARAMETER PrintBody
    Build the body and print it instead of sending it.
#>
[CmdletBinding()]
param(
    [string]$ConfigPath = '',
    [switch]$Worker,
    [string]$JobId = '',
    [string]$SessionId = '',
    [switch]$Minimal,
    [switch]$Test,
    [switch]$FlushSpool,
    [switch]$Foreground,
    [switch]$PrintBody
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$script:Version = '1.0.0'
$script:GuidPattern = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
$script:WebhookPath = '/api/veeam/job-complete'
$script:Utf8NoBom = New-Object System.Text.UTF8Encoding($false)

# Windows PowerShell 5.1: arrays that carry the ETS "Count" property serialize as
# {"value":[...],"Count":n}. Removing the type data restores plain JSON arrays.
Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue

if (-not $ConfigPath) {
    $ConfigPath = Join-Path -Path $PSScriptRoot -ChildPath 'config.json'
}

# ------------------------------------------------------------------ config ---
function Read-BotConfig {
    param([Parameter(Mandatory)][string]$Path)

    $defaults = [ordered]@{
        BotUrl            = ''
        SecretFile        = (Join-Path -Path $PSScriptRoot -ChildPath 'secret.txt')
        AuthHeader        = 'Authorization'
        Mode              = 'full'
        SpoolDir          = (Join-Path -Path $PSScriptRoot -ChildPath 'spool')
        LogFile           = (Join-Path -Path $PSScriptRoot -ChildPath 'logs\Send-VeeamJobEvent.log')
        LogMaxBytes       = 1048576
        LogKeep           = 5
        MaxWaitMinutes    = 15
        PollSeconds       = 10
        TimeoutSec        = 30
        Retries           = 4
        RetryBaseSeconds  = 2
        MaxObjects        = 100
        MaxLogLines       = 20
        SpoolMaxFiles     = 1000
        ServerName        = ''
    }
    $config = New-Object PSObject -Property $defaults
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
        throw "Config file not found: $Path (run Install-VeeamTeamsBot.ps1)"
    }
    $raw = [System.IO.File]::ReadAllText($Path, [System.Text.Encoding]::UTF8)
    $fromFile = $raw | ConvertFrom-Json
    foreach ($property in $fromFile.PSObject.Properties) {
        if ($config.PSObject.Properties[$property.Name]) {
            $config.($property.Name) = $property.Value
        }
    }
    if (-not $config.BotUrl -or $config.BotUrl -notmatch '^https?://') {
        throw "BotUrl in $Path must start with http:// or https://"
    }
    if ($config.Mode -notin @('full', 'minimal')) {
        throw "Mode in $Path must be 'full' or 'minimal'"
    }
    if ($config.AuthHeader -notin @('Authorization', 'X-Webhook-Secret')) {
        throw "AuthHeader in $Path must be 'Authorization' or 'X-Webhook-Secret'"
    }
    return $config
}

function Get-WebhookUrl {
    param([Parameter(Mandatory)]$Config)
    $base = ([string]$Config.BotUrl).TrimEnd('/')
    if ($base.EndsWith($script:WebhookPath, [System.StringComparison]::OrdinalIgnoreCase)) {
        return $base
    }
    return $base + $script:WebhookPath
}

# The secret file is readable only by the Veeam service account (see the installer).
# VEEAM_TEAMS_BOT_SECRET is used when set (the installer's -Test passes it to the child
# process this way); it is never taken from the command line.
function Read-WebhookSecret {
    param([Parameter(Mandatory)]$Config)
    if ($env:VEEAM_TEAMS_BOT_SECRET) {
        return $env:VEEAM_TEAMS_BOT_SECRET.Trim()
    }
    try {
        $secret = [System.IO.File]::ReadAllText([string]$Config.SecretFile, [System.Text.Encoding]::UTF8).Trim()
    }
    catch [System.UnauthorizedAccessException] {
        throw "Access to the secret file $($Config.SecretFile) is denied for $([Security.Principal.WindowsIdentity]::GetCurrent().Name). It is readable only by the Veeam service account; use Install-VeeamTeamsBot.ps1 -Test to test as an administrator."
    }
    if ($secret.Length -lt 16) {
        throw "The webhook secret in $($Config.SecretFile) is shorter than 16 characters"
    }
    return $secret
}

# ----------------------------------------------------------------- logging ---
$script:LogFile = $null
$script:LogMaxBytes = 1048576
$script:LogKeep = 5

function Write-BotLog {
    param(
        [Parameter(Mandatory)][ValidateSet('INFO', 'WARN', 'ERROR')][string]$Level,
        [Parameter(Mandatory)][string]$Message
    )
    $line = '{0} [{1}] [{2}] {3}' -f (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'), $Level, $PID, $Message
    if ($Foreground -or $Test -or $PrintBody) {
        Write-Host $line
    }
    if (-not $script:LogFile) { return }
    try {
        $dir = Split-Path -Path $script:LogFile -Parent
        if (-not (Test-Path -LiteralPath $dir)) {
            New-Item -ItemType Directory -Path $dir -Force | Out-Null
        }
        $item = Get-Item -LiteralPath $script:LogFile -ErrorAction SilentlyContinue
        if ($item -and $item.Length -ge $script:LogMaxBytes) {
            for ($i = $script:LogKeep - 1; $i -ge 1; $i--) {
                $older = '{0}.{1}' -f $script:LogFile, $i
                if (Test-Path -LiteralPath $older) {
                    Move-Item -LiteralPath $older -Destination ('{0}.{1}' -f $script:LogFile, ($i + 1)) -Force
                }
            }
            Move-Item -LiteralPath $script:LogFile -Destination ('{0}.1' -f $script:LogFile) -Force
        }
        [System.IO.File]::AppendAllText($script:LogFile, $line + [Environment]::NewLine, $script:Utf8NoBom)
    }
    catch {
        # Several jobs can finish at once; a busy log file must never break the run.
        Write-Verbose "log write failed: $($_.Exception.Message)"
    }
}

# ------------------------------------------------------------- ids (parent) ---
function Get-ProcessInfo {
    param([Parameter(Mandatory)][int]$ProcessId)
    try {
        return Get-CimInstance -ClassName Win32_Process -Filter "ProcessId = $ProcessId" -ErrorAction Stop
    }
    catch {
        return Get-WmiObject -Class Win32_Process -Filter "ProcessId = $ProcessId" -ErrorAction SilentlyContinue
    }
}

# Walks up from this process to the Veeam.Backup.Manager.exe that started it (directly,
# or through cmd.exe when the job runs a .bat/.cmd wrapper) and returns the first two
# GUIDs of its command line: job id, then session id.
function Find-VeeamIdsFromParent {
    $current = Get-ProcessInfo -ProcessId $PID
    for ($depth = 0; $depth -lt 5 -and $current; $depth++) {
        $parent = Get-ProcessInfo -ProcessId ([int]$current.ParentProcessId)
        if (-not $parent) { break }
        $commandLine = [string]$parent.CommandLine
        if ($parent.Name -like 'Veeam.Backup.Manager*' -or $commandLine -match 'Veeam\.Backup\.Manager') {
            $found = [regex]::Matches($commandLine, $script:GuidPattern)
            if ($found.Count -ge 2) {
                return [pscustomobject]@{
                    JobId     = $found[0].Value.ToLowerInvariant()
                    SessionId = $found[1].Value.ToLowerInvariant()
                    Source    = "$($parent.Name) (pid $($parent.ProcessId))"
                }
            }
            Write-BotLog -Level WARN -Message "Veeam parent process found but its command line has fewer than 2 GUIDs: $commandLine"
            return $null
        }
        $current = $parent
    }
    return $null
}

# --------------------------------------------------------------- worker ---
function Start-DetachedWorker {
    param(
        [Parameter(Mandatory)][string]$JobGuid,
        [Parameter(Mandatory)][string]$SessionGuid
    )
    $powershellExe = Join-Path -Path $PSHOME -ChildPath 'powershell.exe'
    $arguments = @(
        '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-WindowStyle', 'Hidden',
        '-File', ('"{0}"' -f $PSCommandPath),
        '-Worker', '-JobId', $JobGuid, '-SessionId', $SessionGuid,
        '-ConfigPath', ('"{0}"' -f $ConfigPath)
    )
    if ($Minimal) { $arguments += '-Minimal' }
    $commandLine = '"{0}" {1}' -f $powershellExe, ($arguments -join ' ')

    # Win32_Process.Create starts the worker outside the Veeam job's process tree, so it
    # survives the end of the post-job script. Start-Process is the fallback.
    try {
        $result = Invoke-CimMethod -ClassName Win32_Process -MethodName Create -Arguments @{ CommandLine = $commandLine } -ErrorAction Stop
        if ($result.ReturnValue -eq 0) {
            return [int]$result.ProcessId
        }
        Write-BotLog -Level WARN -Message "Win32_Process.Create returned $($result.ReturnValue); falling back to Start-Process"
    }
    catch {
        Write-BotLog -Level WARN -Message "Win32_Process.Create failed: $($_.Exception.Message); falling back to Start-Process"
    }
    $process = Start-Process -FilePath $powershellExe -ArgumentList ($arguments -join ' ') -WindowStyle Hidden -PassThru
    return $process.Id
}

# ------------------------------------------------------------ Veeam data ---
function Import-VeeamModule {
    if (Get-Module -Name Veeam.Backup.PowerShell) { return $true }
    try {
        Import-Module -Name Veeam.Backup.PowerShell -DisableNameChecking -ErrorAction Stop -WarningAction SilentlyContinue
        return $true
    }
    catch {
        try {
            Add-PSSnapin -Name VeeamPSSnapin -ErrorAction Stop
            return $true
        }
        catch {
            Write-BotLog -Level ERROR -Message "Veeam PowerShell module not available: $($_.Exception.Message)"
            return $false
        }
    }
}

function Find-VeeamJob {
    param([Parameter(Mandatory)][string]$JobGuid)
    $job = Get-VBRJob -WarningAction SilentlyContinue | Where-Object { $_.Id.ToString() -eq $JobGuid } | Select-Object -First 1
    if (-not $job) {
        try {
            $job = Get-VBRTapeJob -WarningAction SilentlyContinue | Where-Object { $_.Id.ToString() -eq $JobGuid } | Select-Object -First 1
        }
        catch {
            $job = $null
        }
    }
    return $job
}

function Get-VeeamSession {
    param(
        [Parameter(Mandatory)][string]$SessionGuid,
        [string]$JobType = ''
    )
    $session = $null
    if ($JobType -notin @('EpAgentBackup', 'BackupToTape', 'FileToTape')) {
        try {
            $session = Get-VBRBackupSession -Id $SessionGuid -ErrorAction Stop -WarningAction SilentlyContinue
        }
        catch {
            $session = $null
        }
    }
    if (-not $session) {
        try {
            # Loads the session types first (they are loaded lazily by the module).
            Get-VBRSession -Id $SessionGuid -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
            $session = [Veeam.Backup.Core.CBackupSession]::GetByOriginalSessionId([guid]$SessionGuid)
        }
        catch {
            $session = $null
        }
    }
    if (-not $session) {
        try {
            $session = [Veeam.Backup.Core.CBackupSession]::Get([guid]$SessionGuid)
        }
        catch {
            $session = $null
        }
    }
    return $session
}

function Test-SessionFinished {
    param($Session)
    if (-not $Session) { return $false }
    try {
        if ($Session.Info.IsCompleted) { return $true }
    }
    catch {
        Write-Verbose 'no Info.IsCompleted'
    }
    try {
        if ([string]$Session.State -eq 'Stopped') { return $true }
    }
    catch {
        Write-Verbose 'no State'
    }
    return $false
}

function ConvertTo-BotStatus {
    param([string]$Value)
    switch -Regex ([string]$Value) {
        '^E?Success$' { return 'Success' }
        '^E?Warning$' { return 'Warning' }
        '^E?(Failed|Error)$' { return 'Failed' }
        default { return 'None' }
    }
}

function Get-PropertyPath {
    param($Object, [Parameter(Mandatory)][string]$Path)
    $value = $Object
    foreach ($name in $Path.Split('.')) {
        if ($null -eq $value) { return $null }
        $property = $value.PSObject.Properties[$name]
        if (-not $property) { return $null }
        $value = $property.Value
    }
    return $value
}

function ConvertTo-IsoUtc {
    param($Value)
    if ($Value -is [datetime] -and $Value.Year -gt 1900) {
        return $Value.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)
    }
    return $null
}

function Get-SessionProblemLines {
    param($Session, [int]$MaxLines)
    $lines = New-Object System.Collections.Generic.List[string]
    try {
        $records = $Session.Logger.GetLog().UpdatedRecords
        foreach ($record in $records) {
            $status = [string]$record.Status
            if ($status -match 'Warning|Failed|Error') {
                $title = ([string]$record.Title).Trim()
                if ($title -and -not $lines.Contains($title)) { $lines.Add($title) }
            }
            if ($lines.Count -ge $MaxLines) { break }
        }
    }
    catch {
        Write-BotLog -Level WARN -Message "could not read the session log: $($_.Exception.Message)"
    }
    return , $lines.ToArray()
}

function Get-TaskObjects {
    param($Session, [int]$MaxObjects)
    $objects = New-Object System.Collections.ArrayList
    try {
        foreach ($task in @($Session.GetTaskSessions())) {
            if ($objects.Count -ge $MaxObjects) { break }
            $entry = [ordered]@{
                name   = [string]$task.Name
                status = (ConvertTo-BotStatus -Value ([string]$task.Status))
            }
            $reason = [string](Get-PropertyPath -Object $task -Path 'Info.Reason')
            if ($reason.Trim()) { $entry.message = $reason.Trim() }
            [void]$objects.Add($entry)
        }
    }
    catch {
        Write-BotLog -Level WARN -Message "could not read the task sessions: $($_.Exception.Message)"
    }
    return , $objects.ToArray()
}

function Get-ServerName {
    param($Config)
    if ($Config.ServerName) { return [string]$Config.ServerName }
    try {
        return [System.Net.Dns]::GetHostEntry('').HostName
    }
    catch {
        return $env:COMPUTERNAME
    }
}

# Builds the full event. Dates: startTime/endTime are ISO 8601 strings; timestamp is a
# [datetime], which Windows PowerShell 5.1's ConvertTo-Json writes as "\/Date(ms)\/"
# (the bot accepts that form) and PowerShell 7 as ISO 8601.
function New-FullEvent {
    param(
        [Parameter(Mandatory)]$Config,
        [Parameter(Mandatory)][string]$JobGuid,
        [Parameter(Mandatory)][string]$SessionGuid
    )
    if (-not (Import-VeeamModule)) {
        return New-MinimalEvent -JobGuid $JobGuid -SessionGuid $SessionGuid
    }
    $job = Find-VeeamJob -JobGuid $JobGuid
    $jobType = [string](@((Get-PropertyPath $job 'JobType'), (Get-PropertyPath $job 'Type')) | Where-Object { $_ } | Select-Object -First 1)

    $deadline = (Get-Date).AddMinutes([double]$Config.MaxWaitMinutes)
    $session = Get-VeeamSession -SessionGuid $SessionGuid -JobType $jobType
    while (-not (Test-SessionFinished -Session $session) -and (Get-Date) -lt $deadline) {
        Start-Sleep -Seconds ([int]$Config.PollSeconds)
        $session = Get-VeeamSession -SessionGuid $SessionGuid -JobType $jobType
    }
    if (-not $session) {
        Write-BotLog -Level WARN -Message "session $SessionGuid not found; sending jobId + sessionId only"
        return New-MinimalEvent -JobGuid $JobGuid -SessionGuid $SessionGuid
    }
    $finished = Test-SessionFinished -Session $session
    if (-not $finished) {
        Write-BotLog -Level WARN -Message "session $SessionGuid still running after $($Config.MaxWaitMinutes) min; reporting it as not finished"
    }

    $jobName = [string](@((Get-PropertyPath $session 'JobName'), (Get-PropertyPath $session 'Name'), (Get-PropertyPath $job 'Name')) | Where-Object { $_ } | Select-Object -First 1)
    $status = if ($finished) { ConvertTo-BotStatus -Value ([string]$session.Result) } else { 'None' }
    $start = @((Get-PropertyPath $session 'CreationTime'), (Get-PropertyPath $session 'Info.CreationTime')) | Where-Object { $_ -is [datetime] } | Select-Object -First 1
    $end = @((Get-PropertyPath $session 'EndTime'), (Get-PropertyPath $session 'Info.EndTime')) | Where-Object { $_ -is [datetime] -and $_.Year -gt 1900 } | Select-Object -First 1

    $jobEvent = [ordered]@{
        jobName   = $jobName
        jobId     = $JobGuid
        sessionId = $SessionGuid
        status    = $status
    }
    if ($jobType) { $jobEvent.jobType = $jobType }

    $backupSize = [long](Get-PropertyPath $session 'BackupStats.BackupSize')
    $processed = [long](Get-PropertyPath $session 'Info.Progress.ProcessedSize')
    $transferred = [long](Get-PropertyPath $session 'Info.Progress.TransferedSize')
    if ($backupSize -le 0) { $backupSize = $transferred }
    $jobEvent.backupSize = $backupSize

    if ($start -and $end -and $end -ge $start) {
        $jobEvent.duration = [long][math]::Round(($end - $start).TotalSeconds)
    }
    else {
        $progressDuration = Get-PropertyPath $session 'Info.Progress.Duration'
        if ($progressDuration -is [timespan]) { $jobEvent.duration = [long][math]::Round($progressDuration.TotalSeconds) }
    }
    $jobEvent.timestamp = if ($end) { $end } else { Get-Date }
    $startIso = ConvertTo-IsoUtc -Value $start
    $endIso = ConvertTo-IsoUtc -Value $end
    if ($startIso) { $jobEvent.startTime = $startIso }
    if ($endIso) { $jobEvent.endTime = $endIso }
    if ($processed -gt 0) { $jobEvent.processedSize = $processed }
    if ($transferred -gt 0) { $jobEvent.transferredSize = $transferred }
    $jobEvent.server = Get-ServerName -Config $Config

    if ($status -in @('Warning', 'Failed')) {
        $problemLines = Get-SessionProblemLines -Session $session -MaxLines ([int]$Config.MaxLogLines)
        $message = ($problemLines -join "`n")
        if ($message.Length -gt 4000) { $message = $message.Substring(0, 4000) }
        if ($message) { $jobEvent.errorMessage = $message }
    }
    $jobEvent.objects = Get-TaskObjects -Session $session -MaxObjects ([int]$Config.MaxObjects)
    return $jobEvent
}

function New-MinimalEvent {
    param(
        [Parameter(Mandatory)][string]$JobGuid,
        [Parameter(Mandatory)][string]$SessionGuid
    )
    return [ordered]@{ jobId = $JobGuid; sessionId = $SessionGuid }
}

function New-TestEvent {
    param([Parameter(Mandatory)]$Config)
    return [ordered]@{
        jobName    = 'Test Backup Job'
        jobId      = '00000000-0000-0000-0000-000000000000'
        sessionId  = [guid]::NewGuid().ToString()
        status     = 'Success'
        jobType    = 'Test'
        backupSize = [long]1024000
        duration   = 1800
        timestamp  = Get-Date
        server     = Get-ServerName -Config $Config
    }
}

# Never string concatenation: job names contain quotes, backslashes and Japanese.
function ConvertTo-EventJson {
    param([Parameter(Mandatory)]$Body)
    return ConvertTo-Json -InputObject $Body -Depth 6 -Compress
}

# ------------------------------------------------------------------- spool ---
function Save-SpoolEvent {
    param([Parameter(Mandatory)]$Config, [Parameter(Mandatory)][string]$Json, [string]$Key = '')
    $dir = [string]$Config.SpoolDir
    if (-not (Test-Path -LiteralPath $dir)) {
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
    }
    if (-not $Key) { $Key = [guid]::NewGuid().ToString() }
    $name = '{0}-{1}.json' -f (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssfff'), ($Key -replace '[^0-9A-Za-z-]', '')
    $temp = Join-Path -Path $dir -ChildPath ('.tmp-' + [guid]::NewGuid().ToString())
    $final = Join-Path -Path $dir -ChildPath $name
    [System.IO.File]::WriteAllText($temp, $Json, $script:Utf8NoBom)
    Move-Item -LiteralPath $temp -Destination $final -Force
    $files = @(Get-ChildItem -LiteralPath $dir -Filter '*.json' -File | Sort-Object -Property Name)
    $excess = $files.Count - [int]$Config.SpoolMaxFiles
    for ($i = 0; $i -lt $excess; $i++) {
        Write-BotLog -Level ERROR -Message "spool holds more than $($Config.SpoolMaxFiles) events; dropping the oldest: $($files[$i].Name)"
        Remove-Item -LiteralPath $files[$i].FullName -Force
    }
    return $final
}

# POSTs one body (UTF-8 bytes). Returns 'sent', 'rejected' (permanent 4xx) or 'retry'.
function Send-EventBody {
    param([Parameter(Mandatory)]$Config, [Parameter(Mandatory)][string]$Json, [Parameter(Mandatory)][string]$Secret, [string]$Label = 'event')

    $url = Get-WebhookUrl -Config $Config
    # Windows PowerShell 5.1 may not offer TLS 1.2 by default.
    [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
    $headers = @{ Accept = 'application/json' }
    if ($Config.AuthHeader -eq 'X-Webhook-Secret') {
        $headers['X-Webhook-Secret'] = $Secret
    }
    else {
        $headers['Authorization'] = 'Bearer ' + $Secret
    }
    # Windows PowerShell 5.1 would send a string body in the system code page; bytes are sent as they are.
    $bytes = $script:Utf8NoBom.GetBytes($Json)
    $attempts = [int]$Config.Retries + 1
    for ($attempt = 1; $attempt -le $attempts; $attempt++) {
        $statusCode = 0
        $detail = ''
        try {
            $response = Invoke-WebRequest -Uri $url -Method Post -Body $bytes -ContentType 'application/json; charset=utf-8' `
                -Headers $headers -UseBasicParsing -TimeoutSec ([int]$Config.TimeoutSec) -ErrorAction Stop
            Write-BotLog -Level INFO -Message "delivered ${Label}: HTTP $($response.StatusCode) $($response.Content)"
            return 'sent'
        }
        catch [System.Net.WebException] {
            $webResponse = $_.Exception.Response
            if ($webResponse) {
                $statusCode = [int]$webResponse.StatusCode
                try {
                    $reader = New-Object System.IO.StreamReader($webResponse.GetResponseStream(), [System.Text.Encoding]::UTF8)
                    $detail = $reader.ReadToEnd()
                    $reader.Dispose()
                }
                catch {
                    $detail = ''
                }
            }
            else {
                $detail = $_.Exception.Message
            }
        }
        catch {
            $detail = $_.Exception.Message
        }

        if ($statusCode -in @(400, 413, 415, 422)) {
            Write-BotLog -Level ERROR -Message "bot rejected ${Label}: HTTP $statusCode $detail"
            return 'rejected'
        }
        if ($statusCode -in @(401, 403)) {
            Write-BotLog -Level ERROR -Message "bot refused the secret (HTTP $statusCode) for ${Label}; check the secret file; kept in spool"
            return 'retry'
        }
        Write-BotLog -Level WARN -Message "attempt $attempt/$attempts for ${Label} failed (HTTP $statusCode) $detail"
        if ($attempt -lt $attempts) {
            $delay = [math]::Min(60, [int]$Config.RetryBaseSeconds * [math]::Pow(2, $attempt - 1)) + (Get-Random -Minimum 0 -Maximum 1000) / 1000
            Start-Sleep -Milliseconds ([int]($delay * 1000))
        }
    }
    return 'retry'
}

# Sends the spooled events oldest first; stops at the first temporary failure.
# A named mutex keeps two jobs that finish together from sending the same files.
function Send-SpooledEvents {
    param([Parameter(Mandatory)]$Config, [Parameter(Mandatory)][string]$Secret)
    $dir = [string]$Config.SpoolDir
    if (-not (Test-Path -LiteralPath $dir)) { return $true }
    $mutex = New-Object System.Threading.Mutex($false, 'Global\VeeamTeamsBotSpool')
    $owned = $false
    try {
        try {
            $owned = $mutex.WaitOne([TimeSpan]::FromMinutes(5))
        }
        catch [System.Threading.AbandonedMutexException] {
            $owned = $true
        }
        if (-not $owned) {
            Write-BotLog -Level WARN -Message 'spool is busy (another run is sending it); leaving it to that run'
            return $false
        }
        foreach ($file in @(Get-ChildItem -LiteralPath $dir -Filter '*.json' -File | Sort-Object -Property Name)) {
            if (-not (Test-Path -LiteralPath $file.FullName)) { continue }
            $json = [System.IO.File]::ReadAllText($file.FullName, [System.Text.Encoding]::UTF8)
            $outcome = Send-EventBody -Config $Config -Json $json -Secret $Secret -Label $file.Name
            if ($outcome -eq 'sent') {
                Remove-Item -LiteralPath $file.FullName -Force
            }
            elseif ($outcome -eq 'rejected') {
                $rejectedDir = Join-Path -Path $dir -ChildPath 'rejected'
                if (-not (Test-Path -LiteralPath $rejectedDir)) {
                    New-Item -ItemType Directory -Path $rejectedDir -Force | Out-Null
                }
                Move-Item -LiteralPath $file.FullName -Destination (Join-Path -Path $rejectedDir -ChildPath $file.Name) -Force
            }
            else {
                return $false
            }
        }
        return $true
    }
    finally {
        if ($owned) { $mutex.ReleaseMutex() }
        $mutex.Dispose()
    }
}

# -------------------------------------------------------------------- main ---
function Invoke-Main {
    $config = Read-BotConfig -Path $ConfigPath
    $script:LogFile = [string]$config.LogFile
    $script:LogMaxBytes = [long]$config.LogMaxBytes
    $script:LogKeep = [int]$config.LogKeep
    $useMinimal = $Minimal -or ($config.Mode -eq 'minimal')
    $isBootstrap = -not ($Worker -or $Foreground -or $Test -or $FlushSpool -or $PrintBody)

    if ($JobId) { $JobId = $JobId.Trim('{}').ToLowerInvariant() }
    if ($SessionId) { $SessionId = $SessionId.Trim('{}').ToLowerInvariant() }

    if (-not $Test -and -not $FlushSpool -and (-not $JobId -or -not $SessionId)) {
        $ids = Find-VeeamIdsFromParent
        if (-not $ids) {
            Write-BotLog -Level ERROR -Message 'No Veeam.Backup.Manager parent process with a job and session id; was the script started by a Veeam job? (use -JobId/-SessionId to run it by hand)'
            return 0
        }
        $JobId = $ids.JobId
        $SessionId = $ids.SessionId
        Write-BotLog -Level INFO -Message "job $JobId session $SessionId (from $($ids.Source))"
    }

    if ($isBootstrap) {
        # Return to Veeam now; the session is still open until this script ends.
        $workerPid = Start-DetachedWorker -JobGuid $JobId -SessionGuid $SessionId
        Write-BotLog -Level INFO -Message "started worker pid $workerPid for session $SessionId"
        return 0
    }

    if ($Test) {
        $jobEvent = New-TestEvent -Config $config
    }
    elseif ($FlushSpool) {
        $jobEvent = $null
    }
    elseif ($useMinimal) {
        $jobEvent = New-MinimalEvent -JobGuid $JobId -SessionGuid $SessionId
    }
    else {
        $jobEvent = New-FullEvent -Config $config -JobGuid $JobId -SessionGuid $SessionId
    }

    if ($PrintBody) {
        if ($jobEvent) { Write-Output (ConvertTo-EventJson -Body $jobEvent) }
        return 0
    }

    $secret = Read-WebhookSecret -Config $config
    $spooledFile = $null
    if ($jobEvent) {
        $json = ConvertTo-EventJson -Body $jobEvent
        $spooledFile = Save-SpoolEvent -Config $config -Json $json -Key ([string]$jobEvent.sessionId)
        Write-BotLog -Level INFO -Message ("event for job '{0}' session {1} status {2} queued" -f $jobEvent.jobName, $jobEvent.sessionId, $jobEvent.status)
    }
    $spoolEmpty = Send-SpooledEvents -Config $config -Secret $secret
    if ($spooledFile -and (Test-Path -LiteralPath $spooledFile)) {
        Write-BotLog -Level WARN -Message "bot not reachable; event kept in $spooledFile (sent on the next run)"
        return 75
    }
    if (-not $spoolEmpty) {
        Write-BotLog -Level WARN -Message "older events remain in $($config.SpoolDir)"
    }
    return 0
}

try {
    $exitCode = Invoke-Main
}
catch {
    Write-BotLog -Level ERROR -Message ("{0} ({1})" -f $_.Exception.Message, $_.InvocationInfo.PositionMessage)
    $exitCode = 1
}
# The post-job step itself always succeeds so the job result is not changed by
# notification problems; -Test reports the real outcome.
if ($Test -or $Foreground -or $FlushSpool) { exit $exitCode }
exit 0
