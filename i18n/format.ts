/** Locale-aware formatting of times, sizes and durations for cards. Pure. */
import { translate } from './catalog';
import type { Locale } from './locale';

/** A valid IANA zone, or UTC when Teams sent none or one Node does not know. */
export function safeTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** e.g. "2025/03/11 01:42 (Asia/Tokyo)" or "Mar 11, 2025, 01:42 (Europe/Berlin)" — the zone is always named. */
export function formatDateTime(date: Date | undefined, locale: Locale, timeZone: string | undefined): string {
  if (!date) return translate(locale, 'common.never');
  const zone = safeTimeZone(timeZone);
  const text = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-US', {
    timeZone: zone,
    year: 'numeric',
    month: locale === 'ja' ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} (${zone})`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Binary units with the customary labels (1 KB = 1024 B), one decimal from MB up. */
export function formatBytes(bytes: number | undefined, locale: Locale): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return translate(locale, 'common.unknown');
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit >= 2 && value < 100 ? 1 : 0;
  return `${value.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number | undefined, locale: Locale): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return translate(locale, 'common.unknown');
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return translate(locale, 'duration.days', { d, h });
  if (h > 0) return translate(locale, 'duration.hours', { h, m });
  if (m > 0) return translate(locale, 'duration.minutes', { m, s: sec });
  return translate(locale, 'duration.seconds', { s: sec });
}
