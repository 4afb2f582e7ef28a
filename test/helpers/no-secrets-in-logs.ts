/**
 * Jest setup (setupFilesAfterEnv): after each test, every log line captured with captureLogger is scanned for the
 * secret values the test helpers use, and the test fails if one appears. Loggers created without a scrubbing list
 * (captureLogger()) show what the code itself writes, so this catches a leak even where no scrubber would help.
 */
import { allCaptures } from './capture-logger';

/** The fixed secrets of the test helpers: TEST_WEBHOOK_SECRET (start-test-app.ts) and the simulator's default password. */
export const KNOWN_TEST_SECRETS = ['test-webhook-secret-0123456789abcdef', 'Sim-Passw0rd!'];

const scanned = new WeakMap<object, number>();

afterEach(() => {
  const leaks: string[] = [];
  for (const capture of allCaptures) {
    const from = scanned.get(capture) ?? 0;
    for (const line of capture.lines.slice(from)) {
      for (const secret of KNOWN_TEST_SECRETS) if (line.includes(secret)) leaks.push(`${secret.slice(0, 4)}… in: ${line.slice(0, 300)}`);
    }
    scanned.set(capture, capture.lines.length);
  }
  if (leaks.length) throw new Error(`a known test secret appeared in ${leaks.length} captured log line(s):\n${leaks.slice(0, 5).join('\n')}`);
});
