/**
 * npm run veeam:check — the connectivity check (テスト接続) with the same configuration as the bot.
 * Exit code 0 when every line is ✓.
 */
import { loadConfig, secretValues } from '../config/config';
import { ConfigError } from '../errors';
import { createLogger } from '../logger';
import { checkVeeamConnection, formatCheckLines } from '../veeam/check-veeam-connection';
import { veeamOptionsFromConfig } from '../veeam/veeam-client-options';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stdout.write(`✗ Configuration / 設定:\n  ${e instanceof ConfigError ? e.problems.join('\n  ') : (e as Error).message}\n`);
    return 1;
  }
  if (!config.VEEAM_API_URL || !config.VEEAM_USERNAME || !config.VEEAM_PASSWORD) {
    process.stdout.write('✗ Configuration / 設定: set VEEAM_API_URL, VEEAM_USERNAME and VEEAM_PASSWORD / VEEAM_API_URL・VEEAM_USERNAME・VEEAM_PASSWORD を設定してください\n');
    return 1;
  }
  const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, secrets: secretValues(config) });
  const lines = await checkVeeamConnection(veeamOptionsFromConfig(config, logger));
  process.stdout.write(formatCheckLines(lines) + '\n');
  return lines.every((l) => l.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`veeam-check: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
