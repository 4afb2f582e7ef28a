/**
 * Veeam timestamps carry the server's local offset (…T10:44:39.6912345+02:00) and up to seven fraction
 * digits. Keep the instant right: trim the fraction to milliseconds and let the offset do its job.
 * A value without an offset (EM's …UTC fields) is UTC.
 */
export function parseVeeamTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  let s = value.trim().replace(/(\.\d{3})\d+/, '$1');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s += 'Z';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** An instant as Veeam filters expect it (UTC, ISO 8601). */
export function formatVeeamTime(d: Date): string {
  return d.toISOString();
}
