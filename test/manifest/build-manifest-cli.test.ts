import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../tools/build-manifest';
import { APP_ID, readZip } from './helpers';

const root = path.resolve(__dirname, '../..');

/** Runs the CLI in-process (no .env) and captures its output. */
async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(argv, env, false);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('npm run manifest (tools/build-manifest.ts)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('stops with a clear message and exit 1 when MicrosoftAppId and PUBLIC_URL are missing', async () => {
    const out = path.join(tmp, 'app.zip');
    const r = await run(['--out', out], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Invalid configuration:');
    expect(r.stderr).toMatch(/MicrosoftAppId: required/);
    expect(r.stderr).toMatch(/PUBLIC_URL: required/);
    expect(r.stderr).toContain('--demo');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('builds the package from the environment', async () => {
    const out = path.join(tmp, 'nested', 'app.zip');
    const r = await run([`--out=${out}`], { MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://veeam-bot.contoso.com', APP_VERSION: '3.4.5' });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/manifest\.json, ja\.json, color\.png, outline\.png/);
    expect(r.stdout).not.toContain('DEMO');
    const manifest = JSON.parse((await readZip(fs.readFileSync(out))).get('manifest.json')!.toString('utf8')) as { version: string; id: string };
    expect(manifest).toMatchObject({ version: '3.4.5', id: APP_ID });
  });

  it('rejects unknown arguments with exit 2', async () => {
    const r = await run(['--frobnicate'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: --frobnicate\nUsage:/);
  });

  it('runs through tsx with --demo and says the package holds placeholder values', () => {
    const out = path.join(tmp, 'demo.zip');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'tools', 'build-manifest.ts'), '--demo', '--out', out], {
      cwd: tmp, // no .env here
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^DEMO package: placeholder values/);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  });
});
