/** Who a card is rendered for: language and time zone (from the Teams activity). */
import { translator, type MessageKey, type MessageParams, type Translator } from '../i18n/catalog';
import { safeTimeZone } from '../i18n/format';
import type { Locale } from '../i18n/locale';
import type { JobResult } from '../events/job-run';
import type { TextColor } from './elements';

export interface CardView {
  locale: Locale;
  /** IANA zone; every time on a card is shown in it, and the card names it. */
  timeZone: string;
}

export function tr(view: CardView): Translator {
  return translator(view.locale);
}

export type { MessageKey, MessageParams };

/** A time without the zone (the card names the zone once): "2025/03/11 01:42" or "Mar 11, 01:42". */
export function shortTime(date: Date | undefined, view: CardView): string {
  if (!date) return tr(view)('common.never');
  return new Intl.DateTimeFormat(view.locale === 'ja' ? 'ja-JP' : 'en-US', {
    timeZone: safeTimeZone(view.timeZone),
    ...(view.locale === 'ja' ? { year: 'numeric', month: '2-digit' } : { month: 'short' }),
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

export function zoneName(view: CardView): string {
  return safeTimeZone(view.timeZone);
}

export function resultColor(result: JobResult): TextColor {
  switch (result) {
    case 'Success':
      return 'good';
    case 'Warning':
      return 'warning';
    case 'Failed':
      return 'attention';
    case 'None':
      return 'accent';
  }
}
