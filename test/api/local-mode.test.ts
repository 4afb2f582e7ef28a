/** A .env copied from .env.example (SingleTenant with no app id yet) still starts in local mode. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { startApp } from '../../app';
import { captureLogger } from '../helpers/capture-logger';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

test('the values of .env.example start the bot, with authentication disabled and said so', async () => {
  const example = fs.readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
  const values = Object.fromEntries([...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const dir = makeTempDir();
  const log = captureLogger();
  const app = await startApp(loadConfig({ ...values, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }, { dotenvPath: false }), { logger: log.logger });
  try {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(log.entries().some((e) => String(e.msg).includes('authentication is disabled'))).toBe(true);
  } finally {
    await app.close();
    removeDir(dir);
  }
});
