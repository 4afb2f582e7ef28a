import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, secretValues } from '../../config/config';
import { ConfigError } from '../../errors';

const load = (env: Record<string, string>) => loadConfig(env, { dotenvPath: false });

function problems(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

test('defaults give an embedded, local set-up', () => {
  const c = load({});
  expect(c).toMatchObject({ PORT: 3978, VEEAM_ENABLED: false, VEEAM_VERIFY_SSL: true, VEEAM_API_VERSION: 'auto', VEEAM_API_FLAVOR: 'auto', LOG_LEVEL: 'info' });
  expect(c.DATA_DIR).toMatch(/data$/);
  expect(c.MONGODB_URI).toBeUndefined();
});

test('one line per bad variable, naming it and what was expected', () => {
  const lines = problems({ PORT: 'eighty', VEEAM_VERIFY_SSL: 'maybe', LOG_LEVEL: 'loud', MONGODB_URI: 'postgres://x', WEBHOOK_ALLOWED_IPS: '10.0.0.0/8, not-an-ip' });
  expect(lines).toHaveLength(5);
  expect(lines.find((l) => l.startsWith('PORT:'))).toMatch(/whole number from 0 to 65535/);
  expect(lines.find((l) => l.startsWith('VEEAM_VERIFY_SSL:'))).toMatch(/true or false/);
  expect(lines.find((l) => l.startsWith('LOG_LEVEL:'))).toMatch(/info/);
  expect(lines.find((l) => l.startsWith('MONGODB_URI:'))).toMatch(/mongodb:\/\//);
  expect(lines.find((l) => l.startsWith('WEBHOOK_ALLOWED_IPS:'))).toMatch(/1 entry is not valid/);
});

test("the seed's VEEAM_API_VERSION=1.4 is refused with what to use instead", () => {
  const [line] = problems({ VEEAM_API_VERSION: '1.4' });
  expect(line).toMatch(/^VEEAM_API_VERSION: .*no longer supported.*auto.*v1_7/);
  expect(load({ VEEAM_API_VERSION: '1.2-rev1' }).VEEAM_API_VERSION).toBe('1.2-rev1');
  expect(load({ VEEAM_API_VERSION: 'v1_7' }).VEEAM_API_VERSION).toBe('v1_7');
});

test('Veeam connection settings are required together when VEEAM_ENABLED=true', () => {
  const lines = problems({ VEEAM_ENABLED: 'true' });
  expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(['VEEAM_API_URL', 'VEEAM_PASSWORD', 'VEEAM_USERNAME']);
});

test('secret values are never echoed in the error', () => {
  const secret = 'short';
  const mongo = 'mongodb://user:Sup3r$ecret@db.example/x';
  let message = '';
  try {
    load({ WEBHOOK_SECRET: secret, MicrosoftAppId: 'app', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'p@ssw0rd-value', VEEAM_PASSWORD: 'hunter2-hunter2', VEEAM_ENABLED: 'true', MONGODB_URI: mongo, PORT: '-1' });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/WEBHOOK_SECRET: expected at least 16 characters/);
  expect(message).toMatch(/MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant/);
  for (const s of [secret, 'p@ssw0rd-value', 'hunter2-hunter2', 'Sup3r$ecret']) expect(message).not.toContain(s);
});

test('secretValues lists secrets, including a password inside a MongoDB URI', () => {
  const c = load({ WEBHOOK_SECRET: 'x'.repeat(20), MONGODB_URI: 'mongodb://u:p%40ss-word@h/db' });
  expect(secretValues(c)).toEqual(expect.arrayContaining(['x'.repeat(20), 'p%40ss-word', 'p@ss-word']));
});

test('a .env file is read, but never overrides the real environment', () => {
  const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
  const os = jest.requireActual<typeof import('node:os')>('node:os');
  const path = jest.requireActual<typeof import('node:path')>('node:path');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'env-')), '.env');
  fs.writeFileSync(file, 'PORT=4000\nLOG_LEVEL=debug\n');
  const c = loadConfig({ LOG_LEVEL: 'warn' }, { dotenvPath: file });
  expect(c.PORT).toBe(4000);
  expect(c.LOG_LEVEL).toBe('warn');
});

test('.env.example lists every variable the configuration reads, and nothing else', () => {
  const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
  const path = jest.requireActual<typeof import('node:path')>('node:path');
  const { ConfigSchema } = jest.requireActual<typeof import('../../config/config')>('../../config/config');
  const example = fs.readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
  const listed = [...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]).sort();
  expect(listed).toEqual(Object.keys(ConfigSchema.shape).sort());
  // and the example itself is a valid configuration
  const values = Object.fromEntries([...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  expect(() => load(values)).not.toThrow();
});

describe('values that exist but cannot work are refused at start-up (QA)', () => {
  test('VEEAM_CA_BUNDLE naming a folder or a file with no PEM block is refused; a PEM file is accepted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-'));
    try {
      const notPem = path.join(dir, 'hostname.txt');
      fs.writeFileSync(notPem, 'vbr01\n');
      const pem = path.join(dir, 'ca.pem');
      fs.writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      for (const bad of [dir, notPem, path.join(dir, 'missing.pem')]) {
        expect(problems({ VEEAM_CA_BUNDLE: bad })).toEqual([expect.stringMatching(/^VEEAM_CA_BUNDLE: expected the path of a readable PEM file/)]);
      }
      expect(load({ VEEAM_CA_BUNDLE: pem }).VEEAM_CA_BUNDLE).toBe(pem);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('DEFAULT_TIMEZONE that is not an IANA zone is named (it used to fall back to UTC silently)', () => {
    expect(problems({ DEFAULT_TIMEZONE: 'Mars/Olympus' })).toEqual([expect.stringMatching(/^DEFAULT_TIMEZONE: expected an IANA time zone/)]);
    expect(load({ DEFAULT_TIMEZONE: 'Asia/Tokyo' }).DEFAULT_TIMEZONE).toBe('Asia/Tokyo');
    expect(load({}).DEFAULT_TIMEZONE).toBe('UTC');
  });

  test('secretValues survives a MongoDB password with a malformed %-escape (start-up said only "URI malformed")', () => {
    const c = load({ MONGODB_URI: 'mongodb://u:p%ZZword@127.0.0.1:1/db' });
    expect(secretValues(c)).toContain('p%ZZword');
  });
});
