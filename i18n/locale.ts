/** The two languages the bot writes. Japanese for ja-* activities, English otherwise. */
export type Locale = 'en' | 'ja';

export function localeFrom(activityLocale: string | undefined | null): Locale {
  return (activityLocale ?? '').trim().toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
