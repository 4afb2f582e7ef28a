/** Starts the real app (restify on a loopback port, real store) in this process, with test-friendly settings. */
import { loadConfig, secretValues, type Config } from '../../config/config';
import { startApp, type RunningApp } from '../../app';
import { captureLogger, type CapturedLogger } from './capture-logger';
import { makeTempDir, removeDir } from './temp-dir';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

export interface TestApp extends RunningApp {
  log: CapturedLogger;
  dataDir: string;
  /** Closes the app and removes its data folder. */
  dispose(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}, dataDir = makeTempDir()): Config {
  return loadConfig(
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, LOG_LEVEL: 'debug', ...env },
    { dotenvPath: false },
  );
}

export async function startTestApp(env: Record<string, string> = {}, options: { keepData?: boolean } = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? makeTempDir();
  const config = testConfig(env, dataDir);
  const log = captureLogger(secretValues(config));
  const app = await startApp(config, { logger: log.logger });
  return {
    ...app,
    log,
    dataDir,
    async dispose() {
      await app.close();
      if (!options.keepData) removeDir(dataDir);
    },
  };
}
