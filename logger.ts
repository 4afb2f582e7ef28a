/**
 * One structured JSON logger (pino) for the whole process. Besides pino's path redaction, every line is
 * scrubbed for the literal values of configured secrets before it is written, so a secret that slips
 * into an error message still never reaches a log.
 */
import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

const REDACT_PATHS = [
  'password', '*.password', 'secret', '*.secret', 'token', '*.token', 'access_token', '*.access_token',
  'refresh_token', '*.refresh_token', 'authorization', '*.authorization', 'headers.authorization',
  'req.headers.authorization', 'req.headers["x-webhook-secret"]', 'req.headers["x-restsvcsessionid"]',
  'headers["x-restsvcsessionid"]', 'headers["x-webhook-secret"]',
];

export interface LoggerOptions {
  level?: string;
  /** Literal secret values to scrub from every line. */
  secrets?: string[];
  /** Where lines go; stdout by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) {
    if (!s) continue;
    // Secrets appear JSON-escaped inside a log line, so scrub both forms.
    const forms = new Set([s, JSON.stringify(s).slice(1, -1)]);
    for (const f of forms) if (f && out.includes(f)) out = out.split(f).join('[REDACTED]');
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const destination = options.destination ?? pino.destination({ dest: 1, sync: false });
  const scrubbing: DestinationStream = secrets.length
    ? { write: (line: string) => destination.write(scrubSecrets(line, secrets)) }
    : destination;
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    scrubbing,
  );
}

/** A logger that writes nothing (unit tests of pure logic). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
