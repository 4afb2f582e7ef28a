<#
.SYNOPSIS
    Installs Send-VeeamJobEvent.ps1 on a Veeam Backup & Replication server (Windows),
    writes its configuration, stores the webhook secret in a locked-down file and attaches
    the script to the chosen jobs as their post-job script.

.DESCRIPTION
    Run in an elevated Windows PowerShell 5.1 console on the backup server.
      * Copies Send-VeeamJobEvent.ps1 to -InstallDir (default C:\VeeamTeamsBot) and removes
        write access for non-administrators from that folder (the script runs as the Veeam
        service account, usually LocalSystem, so nobody else may change it).
      * Writes config.json (bot URL, mode, spool and log paths).
      * Writes secret.txt and sets its ACL: no inheritance, owner Administrators, read
        access only for the Veeam Backup Service account (and SYSTEM, which runs it when
        the service runs as LocalSystem).
      * Attaches the post-job script to the jobs given with -JobName (or -AllJobs) with
        Set-VBRJobScriptOptions (computer backup jobs) or the job's JobScriptCommand options
        (VM backup and replication jobs), running after every session.
      * -Test sends a test event ("Test Backup Job"), like the test-run step (tesuto jikkou) of the customer's guide.

.EXAMPLE
    .\Install-VeeamTeamsBot.ps1 -BotUrl https://teamsbot.contoso.local -JobName 'Nightly-SQL','FileServer Daily' -Test
    Prompts for the webhook secret, installs, attaches to two jobs and sends a test event.

.EXAMPLE
    .\Install-VeeamTeamsBot.ps1 -Test
    Sends a test event with the installed configuration (prompts for the secret when the
    secret file is not readable by the current account).

.EXAMPLE
    .\Install-VeeamTeamsBot.ps1 -DetachJobName 'Nightly-SQL'
    Turns the post-job script off again for one job.
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string]$InstallDir = 'C:\VeeamTeamsBot',
    [string]$BotUrl = '',
    [ValidateSet('full', 'minimal')][string]$Mode = 'full',
    [ValidateSet('Authorization', 'X-Webhook-Secret')][string]$AuthHeader = 'Authorization',
    [System.Security.SecureString]$Secret,
    [string[]]$JobName = @(),
    [switch]$AllJobs,
    [string[]]$DetachJobName = @(),
    [string]$ServiceAccount = '',
    [switch]$Test
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$scriptName = 'Send-VeeamJobEvent.ps1'
$utf8NoBom = New-Object System.Text.UTF8Encoding($false)
$powershellExe = Join-Path -Path $env:SystemRoot -ChildPath 'System32\WindowsPowerShell\v1.0\powershell.exe'
$installedScript = Join-Path -Path $InstallDir -ChildPath $scriptName
$configPath = Join-Path -Path $InstallDir -ChildPath 'config.json'
$secretPath = Join-Path -Path $InstallDir -ChildPath 'secret.txt'
$postCommand = '{0} -NoProfile -ExecutionPolicy Bypass -File "{1}"' -f $powershellExe, $installedScript

# Well-known SIDs: names differ between Windows languages, SIDs do not.
$sidSystem = New-Object System.Security.Principal.SecurityIdentifier('S-1-5-18')
$sidAdministrators = New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-544')

function Assert-Administrator {
    $principal = New-Object System.Security.Principal.WindowsPrincipal([System.Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw 'Run this script in an elevated PowerShell (Run as administrator).'
    }
}

function ConvertTo-PlainText {
    param([Parameter(Mandatory)][System.Security.SecureString]$Value)
    $pointer = [System.Runtime.InteropServices.Marshal]::SecureStringToBSTR($Value)
    try {
        return [System.Runtime.InteropServices.Marshal]::PtrToStringBSTR($pointer)
    }
    finally {
        [System.Runtime.InteropServices.Marshal]::ZeroFreeBSTR($pointer)
    }
}

# The account the Veeam Backup Service runs as (LocalSystem unless changed).
function Get-VeeamServiceSid {
    if ($ServiceAccount) {
        $account = New-Object System.Security.Principal.NTAccount($ServiceAccount)
        return $account.Translate([System.Security.Principal.SecurityIdentifier])
    }
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name = 'VeeamBackupSvc'" -ErrorAction SilentlyContinue
    if (-not $service) {
        Write-Warning 'Service VeeamBackupSvc not found; assuming LocalSystem. Use -ServiceAccount to name the account.'
        return $sidSystem
    }
    $startName = [string]$service.StartName
    if (-not $startName -or $startName -eq 'LocalSystem') {
        return $sidSystem
    }
    $account = New-Object System.Security.Principal.NTAccount($startName)
    return $account.Translate([System.Security.Principal.SecurityIdentifier])
}

function New-ProtectedAcl {
    param(
        [Parameter(Mandatory)][System.Security.AccessControl.FileSystemSecurity]$Acl,
        [Parameter(Mandatory)][array]$Rules
    )
    $Acl.SetAccessRuleProtection($true, $false)
    foreach ($existing in @($Acl.Access)) {
        [void]$Acl.RemoveAccessRule($existing)
    }
    $Acl.SetOwner($sidAdministrators)
    foreach ($rule in $Rules) {
        $Acl.AddAccessRule($rule)
    }
    return $Acl
}

# Folder: Administrators and SYSTEM full control, the Veeam service account modify
# (it writes the spool and the logs); other users nothing.
function Set-InstallDirAcl {
    param([Parameter(Mandatory)][System.Security.Principal.SecurityIdentifier]$ServiceSid)
    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    $none = [System.Security.AccessControl.PropagationFlags]::None
    $allow = [System.Security.AccessControl.AccessControlType]::Allow
    $rules = @(
        (New-Object System.Security.AccessControl.FileSystemAccessRule($sidAdministrators, 'FullControl', $inherit, $none, $allow)),
        (New-Object System.Security.AccessControl.FileSystemAccessRule($sidSystem, 'FullControl', $inherit, $none, $allow))
    )
    if ($ServiceSid -ne $sidSystem) {
        $rules += New-Object System.Security.AccessControl.FileSystemAccessRule($ServiceSid, 'Modify', $inherit, $none, $allow)
    }
    $acl = New-ProtectedAcl -Acl (Get-Acl -LiteralPath $InstallDir) -Rules $rules
    Set-Acl -LiteralPath $InstallDir -AclObject $acl
}

# Secret file: only the Veeam service account may read it. Administrators own it (so the
# installer can replace it) but get no access entry.
function Set-SecretFileAcl {
    param([Parameter(Mandatory)][System.Security.Principal.SecurityIdentifier]$ServiceSid)
    $allow = [System.Security.AccessControl.AccessControlType]::Allow
    $rules = @(
        (New-Object System.Security.AccessControl.FileSystemAccessRule($ServiceSid, 'Read', $allow))
    )
    if ($ServiceSid -ne $sidSystem) {
        $rules += New-Object System.Security.AccessControl.FileSystemAccessRule($sidSystem, 'Read', $allow)
    }
    $acl = New-ProtectedAcl -Acl (Get-Acl -LiteralPath $secretPath) -Rules $rules
    Set-Acl -LiteralPath $secretPath -AclObject $acl
}

function Write-SecretFile {
    param(
        [Parameter(Mandatory)][string]$PlainSecret,
        [Parameter(Mandatory)][System.Security.Principal.SecurityIdentifier]$ServiceSid
    )
    if ($PlainSecret.Length -lt 16) { throw 'The webhook secret must be at least 16 characters (the bot refuses shorter ones).' }
    if (Test-Path -LiteralPath $secretPath) {
        Remove-Item -LiteralPath $secretPath -Force
    }
    # The folder is already closed to other users (Set-InstallDirAcl), so the file is never
    # readable by them; then its own ACL narrows access to the service account.
    [System.IO.File]::WriteAllText($secretPath, $PlainSecret, $utf8NoBom)
    Set-SecretFileAcl -ServiceSid $ServiceSid
}

function Write-ConfigFile {
    $config = [ordered]@{
        BotUrl         = $BotUrl
        SecretFile     = $secretPath
        AuthHeader     = $AuthHeader
        Mode           = $Mode
        SpoolDir       = (Join-Path -Path $InstallDir -ChildPath 'spool')
        LogFile        = (Join-Path -Path $InstallDir -ChildPath 'logs\Send-VeeamJobEvent.log')
        MaxWaitMinutes = 15
        PollSeconds    = 10
        TimeoutSec     = 30
        Retries        = 4
    }
    [System.IO.File]::WriteAllText($configPath, (ConvertTo-Json -InputObject $config -Depth 3), $utf8NoBom)
}

function Import-VeeamModule {
    try {
        Import-Module -Name Veeam.Backup.PowerShell -DisableNameChecking -ErrorAction Stop -WarningAction SilentlyContinue
    }
    catch {
        Add-PSSnapin -Name VeeamPSSnapin -ErrorAction Stop
    }
}

function Get-TargetJobs {
    param([string[]]$Names, [switch]$All)
    $jobs = @(Get-VBRJob -WarningAction SilentlyContinue | Where-Object { $_.JobType -in @('Backup', 'Replica', 'EpAgentBackup', 'BackupSync') })
    $computerJobs = @()
    try {
        $computerJobs = @(Get-VBRComputerBackupJob -WarningAction SilentlyContinue)
    }
    catch {
        $computerJobs = @()
    }
    if ($All) { return @(@($computerJobs) + @($jobs | Where-Object { @($computerJobs | ForEach-Object { $_.Name }) -notcontains $_.Name })) }
    $selected = @()
    foreach ($name in $Names) {
        $match = @($computerJobs | Where-Object { $_.Name -eq $name }) + @($jobs | Where-Object { $_.Name -eq $name })
        if ($match.Count -eq 0) {
            Write-Warning "Job not found: $name"
            continue
        }
        $selected += $match[0]
    }
    return $selected
}

function Set-PostJobScript {
    param([Parameter(Mandatory)]$Job, [Parameter(Mandatory)][bool]$Enabled)
    if ($Job.GetType().Name -eq 'VBRComputerBackupJob') {
        # Computer (agent) backup jobs: Set-VBRJobScriptOptions + Set-VBRComputerBackupJob.
        if ($Enabled) {
            $options = Set-VBRJobScriptOptions -JobScriptOptions $Job.ScriptOptions -PostScriptEnabled -PostCommand $postCommand -Periodicity Cycles -Frequency 1
        }
        else {
            $options = Set-VBRJobScriptOptions -JobScriptOptions $Job.ScriptOptions -PostScriptEnabled:$false
        }
        Set-VBRComputerBackupJob -Job $Job -ScriptOptions $options | Out-Null
        return
    }
    # VM backup / replication jobs: the job options carry the script command.
    $jobOptions = $Job.GetOptions()
    $jobOptions.JobScriptCommand.PostScriptEnabled = $Enabled
    if ($Enabled) {
        $jobOptions.JobScriptCommand.PostScriptCommandLine = $postCommand
        try {
            $jobOptions.JobScriptCommand.Periodicity = 'Cycles'
            $jobOptions.JobScriptCommand.Frequency = 1
        }
        catch {
            Write-Verbose 'periodicity not settable on this version; keeping the job setting'
        }
    }
    Set-VBRJobOptions -Job $Job -Options $jobOptions | Out-Null
}

function Invoke-TestEvent {
    param([string]$PlainSecret)
    Write-Host "Sending a test event with $installedScript -Test ..."
    $previous = $env:VEEAM_TEAMS_BOT_SECRET
    try {
        if ($PlainSecret) { $env:VEEAM_TEAMS_BOT_SECRET = $PlainSecret }
        & $powershellExe -NoProfile -ExecutionPolicy Bypass -File $installedScript -Test -ConfigPath $configPath
        $code = $LASTEXITCODE
    }
    finally {
        $env:VEEAM_TEAMS_BOT_SECRET = $previous
    }
    if ($code -eq 0) {
        Write-Host 'Test event delivered: look for "Test Backup Job" in the bot history / Teams channel.' -ForegroundColor Green
    }
    else {
        Write-Warning "Test event not delivered (exit code $code). See the log: $(Join-Path -Path $InstallDir -ChildPath 'logs\Send-VeeamJobEvent.log')"
    }
    return $code
}

# -------------------------------------------------------------------- main ---
Assert-Administrator
$plainSecret = ''
$installing = [bool]$BotUrl

if ($installing) {
    if ($BotUrl -notmatch '^https?://') { throw '-BotUrl must start with http:// or https://' }
    $source = Join-Path -Path $PSScriptRoot -ChildPath $scriptName
    if (-not (Test-Path -LiteralPath $source)) { throw "$scriptName not found next to the installer ($PSScriptRoot)" }
    $serviceSid = Get-VeeamServiceSid
    Write-Host "Veeam service account: $($serviceSid.Translate([System.Security.Principal.NTAccount]).Value)"

    if ($PSCmdlet.ShouldProcess($InstallDir, 'Install the post-job script')) {
        if (-not (Test-Path -LiteralPath $InstallDir)) {
            New-Item -ItemType Directory -Path $InstallDir -Force | Out-Null
        }
        Set-InstallDirAcl -ServiceSid $serviceSid
        if ((Resolve-Path -LiteralPath $source).Path -ne $installedScript) {
            Copy-Item -LiteralPath $source -Destination $installedScript -Force
        }
        Unblock-File -LiteralPath $installedScript -ErrorAction SilentlyContinue
        Write-ConfigFile

        if (-not $Secret) {
            $Secret = Read-Host -AsSecureString -Prompt 'Webhook secret (WEBHOOK_SECRET of the bot)'
        }
        $plainSecret = ConvertTo-PlainText -Value $Secret
        Write-SecretFile -PlainSecret $plainSecret -ServiceSid $serviceSid
        Write-Host "Installed to $InstallDir (config.json, secret.txt readable only by the Veeam service account)."
    }
}

if ($JobName.Count -gt 0 -or $AllJobs -or $DetachJobName.Count -gt 0) {
    Import-VeeamModule
    foreach ($job in @(Get-TargetJobs -Names $JobName -All:$AllJobs)) {
        if ($PSCmdlet.ShouldProcess($job.Name, "Run after the job: $postCommand")) {
            Set-PostJobScript -Job $job -Enabled $true
            Write-Host "Attached to job: $($job.Name)"
        }
    }
    foreach ($job in @(Get-TargetJobs -Names $DetachJobName)) {
        if ($PSCmdlet.ShouldProcess($job.Name, 'Turn the post-job script off')) {
            Set-PostJobScript -Job $job -Enabled $false
            Write-Host "Detached from job: $($job.Name)"
        }
    }
}

if (-not $installing -and $JobName.Count -eq 0 -and -not $AllJobs -and $DetachJobName.Count -eq 0 -and -not $Test) {
    Write-Host 'Nothing to do. Use -BotUrl to install, -JobName/-AllJobs to attach, -Test to send a test event. Get-Help .\Install-VeeamTeamsBot.ps1 -Full'
}

Write-Host ''
Write-Host 'Post-job command line (Job > Storage > Advanced > Scripts > "Run the following script after the job"):'
Write-Host "  $postCommand"

if ($Test) {
    if (-not $plainSecret) {
        try {
            [void][System.IO.File]::ReadAllText($secretPath)
        }
        catch [System.UnauthorizedAccessException] {
            $typed = Read-Host -AsSecureString -Prompt 'The secret file is readable only by the Veeam service account. Webhook secret for the test'
            $plainSecret = ConvertTo-PlainText -Value $typed
        }
    }
    exit (Invoke-TestEvent -PlainSecret $plainSecret)
}
