/** A real pino logger whose lines are kept in memory, so tests can assert on log entries and scan for secrets. */
import { createLogger, type Logger } from '../../logger';

export interface CapturedLogger {
  logger: Logger;
  lines: string[];
  entries(): Array<Record<string, unknown>>;
}

/** Every capture made in this test file, so the jest setup (no-secrets-in-logs.ts) can scan them after each test. */
export const allCaptures: CapturedLogger[] = [];

export function captureLogger(secrets: string[] = [], level = 'debug'): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets, destination: { write: (line: string) => void lines.push(line) } });
  const captured = { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  allCaptures.push(captured);
  return captured;
}
