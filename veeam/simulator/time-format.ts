/** Veeam writes local time with the server's offset and .NET's seven fraction digits. */
export function formatLocal(ms: number, offsetMinutes: number): string {
  const shifted = new Date(ms + offsetMinutes * 60_000).toISOString(); // "YYYY-MM-DDTHH:mm:ss.sssZ"
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${shifted.slice(0, 23)}0000${off}`;
}

/** EM's …UTC fields. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString();
}
