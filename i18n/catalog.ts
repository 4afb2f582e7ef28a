/**
 * Message catalogues. Each area keeps its strings in its own pair of files (`<area>.en.ts` with the keys,
 * `<area>.ja.ts` typed against it, so a missing Japanese string is a compile error) and is merged here.
 * Placeholders are written {name}.
 */
import { commonEn } from './common.en';
import { commonJa } from './common.ja';
import { botEn } from './bot.en';
import { botJa } from './bot.ja';
import { alertsEn } from './alerts.en';
import { alertsJa } from './alerts.ja';
import type { Locale } from './locale';

const en = { ...commonEn, ...botEn, ...alertsEn } as const;
const ja: Record<keyof typeof en, string> = { ...commonJa, ...botJa, ...alertsJa };

export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, ja };

export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key] ?? catalogs.en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translator = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}
