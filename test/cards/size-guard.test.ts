/** The size guard truncates and pages instead of failing, and says what it left out. */
import { galleryCards, manyJobs, sampleJob, sampleSession } from '../../cards/card-gallery';
import { MAX_CARD_BYTES, cardBytes } from '../../cards/card-version';
import { clip, fitItems, ensureFits } from '../../cards/fit-card';
import { card, text } from '../../cards/elements';
import { jobStatusCard } from '../../cards/job-status-card';
import { jobsCard, sortJobsForList } from '../../cards/jobs-card';
import { VERBS } from '../../cards/card-actions';

const en = { locale: 'en' as const, timeZone: 'UTC' };
const ja = { locale: 'ja' as const, timeZone: 'Asia/Tokyo' };
const json = (c: unknown) => JSON.stringify(c);

test('clip makes markdown links in outside text inert, so they show as text', () => {
  const shown = clip('Error: [Sign in to fix](http://evil.example/login) and [x] (y)', 200);
  expect(shown).not.toMatch(/\](\s*)\(/);
  expect(shown.replace(/\u2060/g, '')).toBe('Error: [Sign in to fix](http://evil.example/login) and [x] (y)');
});

test('clip keeps whole characters and marks the cut', () => {
  expect(clip('abcdef', 4)).toBe('abc…');
  expect(clip('abc', 4)).toBe('abc');
  expect(clip('😀😀😀😀😀', 3)).toBe('😀😀…');
});

test('fitItems keeps the largest prefix that fits and reports the rest as hidden', () => {
  const items = Array.from({ length: 100 }, (_, i) => `item ${i} ${'x'.repeat(500)}`);
  let hiddenSeen = -1;
  const out = fitItems(items, (shown, hidden) => {
    hiddenSeen = hidden;
    return card([...shown.map((s) => text(s)), ...(hidden ? [text(`+${hidden} more`)] : [])]);
  }, 10_000);
  expect(cardBytes(out)).toBeLessThanOrEqual(10_000);
  const shown = (out.body as unknown[]).length - 1;
  expect(shown).toBeGreaterThan(5);
  expect(json(out)).toContain(`+${100 - shown} more`);
  // One more item would not have fitted.
  expect(cardBytes(card([...items.slice(0, shown + 1).map((s) => text(s)), text(`+${99 - shown} more`)]))).toBeGreaterThan(10_000);
  expect(hiddenSeen).toBeGreaterThan(0);
});

test('ensureFits replaces a card that cannot fit by a short notice', () => {
  const huge = card([text('x'.repeat(40_000))]);
  const out = ensureFits(huge);
  expect(cardBytes(out)).toBeLessThan(1000);
  expect(json(out)).toMatch(/too large/);
});

test('5,000 jobs: one page with a "more" button that continues after the last job shown', () => {
  const jobs = sortJobsForList(manyJobs(5000));
  const c = jobsCard(en, { jobs, filter: '', offset: 0, pageSize: 5000 });
  expect(cardBytes(c)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  const more = (c.actions as Array<{ verb: string; data: { offset: number } }>)[0];
  expect(more.verb).toBe(VERBS.jobsMore);
  expect(more.data.offset).toBeGreaterThan(10);
  expect(more.data.offset).toBeLessThan(5000);
  expect(json(c)).toContain(`Showing 1\u2013${more.data.offset} of 5000`);
  expect(json(c)).toContain(`More (${5000 - more.data.offset} left)`);
});

test('failed jobs are listed first, then running ones', () => {
  const sorted = sortJobsForList([
    sampleJob({ id: '1', name: 'a', lastResult: 'Success' }),
    sampleJob({ id: '2', name: 'b', status: 'running' }),
    sampleJob({ id: '3', name: 'c', lastResult: 'Failed' }),
    sampleJob({ id: '4', name: 'd', lastResult: 'Warning' }),
  ]);
  expect(sorted.map((j) => j.name)).toEqual(['c', 'b', 'd', 'a']);
});

test('300 failed VMs with long Japanese errors: some shown, the rest counted, messages clipped', () => {
  const long = 'データストアの空き容量が不足しています。'.repeat(200);
  const tasks = Array.from({ length: 300 }, (_, i) => ({ name: `VM-${i}`, result: 'Failed' as const, message: long }));
  const c = jobStatusCard(ja, { job: sampleJob(), session: sampleSession({ tasks, problems: [] }), now: new Date() });
  expect(cardBytes(c)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  const body = json(c);
  expect(body).toContain('VM-0');
  expect(body).not.toContain('VM-299');
  expect(body).toMatch(/ほか \d+ 件/);
  expect(body).toContain('問題のあった対象（300 件中 300 件）');
  expect(body).not.toContain(long);
});

test('no extreme gallery card fell back to the "too large" notice', () => {
  for (const view of [en, ja]) for (const e of galleryCards(view, { extremes: true })) expect({ name: e.name, tooLarge: json(e.card).includes('too large') }).toEqual({ name: e.name, tooLarge: false });
});
