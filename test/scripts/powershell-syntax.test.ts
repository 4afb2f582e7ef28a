/**
 * The Windows post-job scripts cannot run here (no PowerShell on Linux CI). They are parsed
 * with a real PowerShell grammar (tree-sitter-powershell) by tools/check-powershell-syntax.mjs,
 * and a few Windows PowerShell 5.1 pitfalls are checked in the text.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const CHECKER = path.join(REPO, 'tools/check-powershell-syntax.mjs');
const SCRIPT_DIR = path.join(REPO, 'scripts/veeam');
const scripts = fs
  .readdirSync(SCRIPT_DIR)
  .filter((f) => f.endsWith('.ps1'))
  .map((f) => path.join(SCRIPT_DIR, f));

function check(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--no-deprecation', CHECKER, ...args], { cwd: REPO, input, encoding: 'utf8', timeout: 20_000 });
}

describe('PowerShell post-job scripts', () => {
  test('there are scripts to check', () => {
    expect(scripts.map((f) => path.basename(f)).sort()).toEqual(['Install-VeeamTeamsBot.ps1', 'Send-VeeamJobEvent.ps1']);
  });

  test.each(scripts.map((f) => [path.basename(f), f]))('%s parses without syntax errors', (_name, file) => {
    const result = check([file]);
    expect(result.stdout + result.stderr).toContain(': ok');
    expect(result.status).toBe(0);
  });

  test.each([
    ['unclosed block', 'function Send-It {\n  param($a)\n  if ($a) { Write-Host $a\n}\n'],
    ['unterminated string', '$x = "unterminated\n'],
    ['hashtable entry without value', '$h = @{ a = 1; b = }\n'],
    ['unclosed parenthesis', '$a = (1 + 2\n'],
  ])('the checker reports a deliberately broken snippet (%s) with file:line:col', (_name, snippet) => {
    const result = check(['-'], snippet);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^<stdin>:\d+:\d+: (syntax error|missing)/m);
  });

  test('a broken copy of the real script is caught at the right line', () => {
    const original = fs.readFileSync(path.join(SCRIPT_DIR, 'Send-VeeamJobEvent.ps1'), 'utf8').split('\n');
    const line = original.findIndex((l) => l.includes('function Get-WebhookUrl'));
    expect(line).toBeGreaterThan(0);
    const broken = [...original];
    broken[line + 2] = '    $base = ([string]$Config.BotUrl.TrimEnd(\'/\')'; // drop a closing parenthesis
    const result = check(['-'], broken.join('\n'));
    expect(result.status).toBe(1);
    const reported = [...result.stdout.matchAll(/^<stdin>:(\d+):/gm)].map((m) => Number(m[1]));
    expect(reported.length).toBeGreaterThan(0);
    expect(Math.min(...reported)).toBeGreaterThanOrEqual(line + 1);
  });

  describe('Windows PowerShell 5.1 pitfalls', () => {
    const send = fs.readFileSync(path.join(SCRIPT_DIR, 'Send-VeeamJobEvent.ps1'), 'utf8');
    const installer = fs.readFileSync(path.join(SCRIPT_DIR, 'Install-VeeamTeamsBot.ps1'), 'utf8');

    test('the body is built with ConvertTo-Json (deep enough for objects[]) and sent as UTF-8 bytes', () => {
      expect(send).toMatch(/ConvertTo-Json -InputObject \$Body -Depth [4-9] -Compress/);
      expect(send).toContain("-ContentType 'application/json; charset=utf-8'");
      expect(send).toMatch(/GetBytes\(\$Json\)/);
      expect(send).toMatch(/-Body \$bytes/);
      expect(send).toContain('Remove-TypeData -TypeName System.Array');
    });

    test('ids come from the parent Veeam.Backup.Manager process; a detached worker is started', () => {
      expect(send).toContain('Win32_Process');
      expect(send).toContain('Veeam.Backup.Manager');
      expect(send).toMatch(/Invoke-CimMethod -ClassName Win32_Process -MethodName Create/);
    });

    test('the secret comes from a file, never a parameter', () => {
      const params = send.slice(send.indexOf('param('), send.indexOf(')\n\nSet-StrictMode'));
      expect(params).not.toMatch(/secret/i);
      expect(send).toContain('ReadAllText([string]$Config.SecretFile');
    });

    test('the installer locks down the secret file and uses well-known SIDs', () => {
      expect(installer).toContain('SetAccessRuleProtection($true, $false)');
      expect(installer).toContain("'S-1-5-18'");
      expect(installer).toContain("'S-1-5-32-544'");
      expect(installer).toContain('Set-VBRJobScriptOptions');
      expect(installer).toContain('-NoProfile -ExecutionPolicy Bypass -File "{1}"');
    });

    test('the scripts are ASCII-only or carry a UTF-8 BOM (Windows PowerShell 5.1 reads BOM-less files as ANSI)', () => {
      for (const file of scripts) {
        const bytes = fs.readFileSync(file);
        const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
        const ascii = bytes.every((b) => b < 0x80);
        expect({ file: path.basename(file), ok: hasBom || ascii }).toEqual({ file: path.basename(file), ok: true });
      }
    });

    test('no control characters other than tab, LF and CR', () => {
      for (const file of scripts) {
        const bytes = [...fs.readFileSync(file)];
        const odd = bytes.filter((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
        expect({ file: path.basename(file), odd }).toEqual({ file: path.basename(file), odd: [] });
      }
    });
  });
});
