/** Every card, both languages, normal and extreme data: valid for the Adaptive Cards parser at 1.4 and under 28 KB. */
import { MAX_CARD_BYTES, cardBytes } from '../../cards/card-version';
import { galleryCards } from '../../cards/card-gallery';
import { cardProblems } from '../helpers/assert-valid-card';

const views = [
  { locale: 'en' as const, timeZone: 'Europe/Berlin' },
  { locale: 'ja' as const, timeZone: 'Asia/Tokyo' },
];

describe.each(views)('cards in $locale', (view) => {
  const entries = galleryCards(view, { extremes: true });

  test.each(entries.map((e) => [e.name, e.card] as const))('%s: no parse or validation warnings, version 1.4, under 28 KB', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  test('names the time zone wherever times are shown', () => {
    for (const name of ['jobs', 'status (failed)', 'history', 'start: progress']) {
      const json = JSON.stringify(entries.find((e) => e.name === name)!.card);
      expect(json).toContain(view.timeZone);
    }
  });
});

test('Japanese cards carry no English from the catalogue (sample job names aside)', () => {
  const english = /\b(Backup jobs|Last run|Next run|Started|Ended|Duration|Cancel|Confirm|Result|Requested by|What to check|Times in|more|Help)\b/;
  for (const { name, card } of galleryCards({ locale: 'ja', timeZone: 'Asia/Tokyo' }, { extremes: true })) {
    const texts = collectTexts(card).map((s) => s.replace(/VM Backup Job \d+|Physical Server Backup|SQL Server|Veeam Bot|VEEAM_\w+|BOT_OPERATORS|Azure AD|Veeam[\w &]*|REST API|Backup (Operator|Administrator)|REPO-[\w-]+|Default Backup Repository|NAS-SMB-01|dana@contoso\.com|Dana Ops|SHA-256|CA|DNS|ID|sql|on/g, ''));
    for (const s of texts) expect({ name, text: s, english: english.test(s) }).toEqual({ name, text: s, english: false });
  }
});

function collectTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(collectTexts);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = ['text', 'title', 'value'].flatMap((k) => (typeof o[k] === 'string' ? [o[k] as string] : []));
  return [...own, ...Object.entries(o).filter(([k]) => k !== 'data').flatMap(([, v]) => collectTexts(v))];
}
