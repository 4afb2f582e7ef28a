/** Process entry point (`npm start`): load the configuration, start the app, stop cleanly on SIGTERM/SIGINT. */
import { loadConfig } from './config/config';
import { ConfigError } from './errors';
import { startApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its expected form.\n`);
      process.exit(2);
    }
    throw err;
  }
  const app = await startApp(config);
  const stop = (signal: string) => {
    app.logger.info({ signal }, 'shutting down: no new requests, finishing in-flight ones');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`Start-up failed: ${message}\n`);
  process.exit(1);
});
