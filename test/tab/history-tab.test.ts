/**
 * The History tab in real headless Chromium (Debian's /usr/bin/chromium via playwright-core; never a downloaded
 * browser) against the running bot with a month of history seeded through the webhook. Tokens are issued by a
 * local key set and handed to the page in the URL fragment (#token=…), so the browser goes through the real
 * Teams-SSO verification. Screenshots go to test-artifacts/ (gitignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startLocalJwks, type LocalJwks } from '../helpers/local-jwks';
import { expectedDaily, SEED_JOBS, seedHistory, type SeededRun } from '../helpers/seed-history';
import { startTestApp, type TestApp } from '../helpers/start-test-app';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const TZ = 'Asia/Tokyo';
const haveChromium = fs.existsSync(CHROMIUM);
/** Page-side expressions are strings: the test project has no DOM types. */
const BACKGROUND = 'getComputedStyle(document.documentElement).backgroundColor';
const describeInChromium = haveChromium ? describe : describe.skip;

if (!haveChromium) {
  console.warn(`history-tab.test.ts skipped: ${CHROMIUM} not installed (apt-get install -y chromium)`);
}

describeInChromium(haveChromium ? 'History tab in Chromium' : `History tab in Chromium — skipped: ${CHROMIUM} not installed`, () => {
  let jwks: LocalJwks;
  let app: TestApp;
  let seeded: SeededRun[];
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[] = [];
  /** teams-js fetches its list of Teams origins from a Microsoft CDN at load; our CSP blocks that (nothing is
   * downloaded at run time) and teams-js falls back to the list built into the bundle. Expected, so not a problem. */
  const expectedNoise = /validDomains\.json/;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    jwks = await startLocalJwks();
    app = await startTestApp(jwks.appEnv());
    seeded = await seedHistory(app.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.dispose();
    await jwks?.close();
  });

  beforeEach(async () => {
    problems = [];
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, timezoneId: TZ, locale: 'en-US' });
    // Nothing may leave the machine: every request goes to the bot on loopback.
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  });
  afterEach(async () => {
    await context.close();
  });

  async function open(query: string, token: string | null = jwks.issue()): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !expectedNoise.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    await page.goto(`${app.url}/tab/history.html?${query}${token ? `#token=${token}` : ''}`);
    await page.waitForSelector('body[data-state="ready"], body[data-state="signin"], body[data-state="error"]');
    return page;
  }

  const rows = (page: Page) => page.$$eval('#runs tbody tr', (trs) => trs.map((tr) => ({ id: tr.getAttribute('data-run-id'), result: tr.getAttribute('data-result'), job: tr.querySelector('td')?.textContent })));
  const newestFirst = () => [...seeded].sort((a, b) => b.endTime.getTime() - a.endTime.getTime());

  test('Japanese, light theme: table, counts and the 30-day chart match the stored history', async () => {
    const page = await open(`lang=ja&tz=${encodeURIComponent(TZ)}`);
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    expect(await page.getAttribute('html', 'data-host')).toBe('browser'); // real teams-js gave up: not in Teams
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.textContent('h1')).toBe('バックアップ実行履歴');
    expect(await page.textContent('#zone-note')).toBe('時刻は Asia/Tokyo で表示しています。');
    expect(page.url()).not.toContain('#token='); // the handed-over token is moved out of the address bar

    // First page of the table: newest first, Japanese names and messages intact.
    const first = await rows(page);
    expect(first.map((r) => r.id)).toEqual(newestFirst().slice(0, 25).map((r) => r.id));
    expect(first[0]).toMatchObject({ job: SEED_JOBS.exchange.jobName, result: 'Failed' });
    expect(await page.textContent('#runs tbody tr:first-child .badge')).toContain('失敗');
    expect(await page.textContent('#runs tbody tr:first-child td.details')).toBe('Exchange DB01: VSS writer がタイムアウトしました。');
    expect(await page.textContent('#runs thead')).toContain('ジョブ名');

    // Chart: 30 days, one bar segment per non-zero (day, result), counts as stored.
    const expected = expectedDaily(seeded, TZ, 30);
    expect(await page.$$eval('#chart svg g.day', (g) => g.map((e) => e.getAttribute('data-day')))).toEqual(expected.map((d) => d.day));
    const bars = await page.$$eval('#chart rect.bar', (rects) => rects.map((r) => ({ day: r.getAttribute('data-day'), result: r.getAttribute('data-result'), count: Number(r.getAttribute('data-count')), height: Number(r.getAttribute('height')) })));
    const expectedBars = expected.flatMap((d) => (['Success', 'Warning', 'Failed'] as const).filter((r) => d[r] > 0).map((r) => ({ day: d.day, result: r, count: d[r] })));
    expect(bars.map(({ day, result, count }) => ({ day, result, count }))).toEqual(expectedBars);
    expect(bars.every((b) => b.height > 0)).toBe(true);
    const failedInWindow = expected.reduce((n, d) => n + d.Failed, 0);
    expect(failedInWindow).toBeGreaterThan(2);
    expect(await page.textContent('.count-Failed .count-value')).toBe(String(failedInWindow));
    expect(await page.textContent('.count-total .count-value')).toBe(String(seeded.length - 2));

    await page.screenshot({ path: path.join(ARTIFACTS, 'history-tab-ja-light.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('"Show more" pages through every run once, newest first', async () => {
    const page = await open('lang=en&tz=UTC');
    let clicks = 0;
    while (await page.isVisible('#more')) {
      const before = (await rows(page)).length;
      await page.click('#more');
      await page.locator('#runs tbody tr').nth(before).waitFor(); // (waitForFunction would need eval, which our CSP forbids)
      await page.waitForSelector('body[data-state="ready"]');
      clicks++;
    }
    expect(clicks).toBe(Math.ceil(seeded.length / 25) - 1);
    expect((await rows(page)).map((r) => r.id)).toEqual(newestFirst().map((r) => r.id));
    expect(problems).toEqual([]);
  });

  test('filters: job (Japanese), result, date range, and clear', async () => {
    const page = await open(`lang=ja&tz=${encodeURIComponent(TZ)}`);
    const apply = async () => {
      await page.click('#filters button[type=submit]');
      await page.waitForSelector('body[data-state="ready"]');
    };

    await page.fill('#f-job', SEED_JOBS.fileServer.jobName);
    await apply();
    let shown = await rows(page);
    const fileServerRuns = seeded.filter((r) => r.jobName === SEED_JOBS.fileServer.jobName).length;
    expect(fileServerRuns).toBeGreaterThan(25);
    expect(shown.length).toBe(25);
    // The next page keeps the filter.
    await page.click('#more');
    await page.locator('#runs tbody tr').nth(25).waitFor();
    await page.waitForSelector('body[data-state="ready"]');
    shown = await rows(page);
    expect(shown.length).toBe(fileServerRuns);
    expect(await page.isVisible('#more')).toBe(false);
    expect(new Set(shown.map((r) => r.job))).toEqual(new Set([SEED_JOBS.fileServer.jobName]));

    await page.check('#filters input[value=Failed]');
    await apply();
    shown = await rows(page);
    expect(shown.length).toBe(seeded.filter((r) => r.jobName === SEED_JOBS.fileServer.jobName && r.result === 'Failed').length);
    expect(shown.every((r) => r.result === 'Failed')).toBe(true);

    await page.fill('#f-job', '');
    await page.check('#filters input[value=Warning]');
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: TZ });
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: TZ });
    await page.fill('#f-from', weekAgo);
    await page.fill('#f-to', today);
    await apply();
    const dayOf = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: TZ });
    const expected = seeded.filter((r) => r.result !== 'Success' && dayOf(r.endTime) >= weekAgo && dayOf(r.endTime) <= today);
    expect((await rows(page)).map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());

    await page.fill('#f-job', '存在しないジョブ');
    await apply();
    expect(await rows(page)).toHaveLength(0);
    expect(await page.isVisible('#empty')).toBe(true);
    expect(await page.textContent('#empty')).toBe('条件に合う実行履歴はありません。');

    await page.click('#filters button[type=reset]');
    await page.locator('#runs tbody tr').nth(24).waitFor();
    await page.waitForSelector('body[data-state="ready"]');
    expect(await rows(page)).toHaveLength(25);
    expect(problems).toEqual([]);
  });

  test('English, dark theme', async () => {
    const page = await open('lang=en&theme=dark&tz=UTC');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.textContent('h1')).toBe('Backup history');
    expect(await page.textContent('#runs thead')).toContain('Job name');
    const bg = await page.evaluate(BACKGROUND);
    expect(bg).toBe('rgb(31, 31, 31)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-tab-en-dark.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('without a token the API refuses (401) and the page says sign-in is required', async () => {
    const direct = await fetch(`${app.url}/api/history`);
    expect(direct.status).toBe(401);
    const page = await open('lang=ja', null);
    expect(await page.getAttribute('body', 'data-state')).toBe('signin');
    expect(await page.isVisible('#signin')).toBe(true);
    expect(await page.textContent('#signin')).toContain('サインインが必要です。');
    expect(await rows(page)).toHaveLength(0);
    const expired = await open('lang=en', jwks.issue({}, { expiresInSec: -3600 }));
    expect(await expired.getAttribute('body', 'data-state')).toBe('signin');
    expect(await expired.textContent('#signin')).toContain('Sign-in required.');
  });

  describe('inside a Teams host (teams-js answered by a stand-in for the Teams client)', () => {
    /** Replaces the TeamsJS bundle for this page only with a host stand-in: context, theme events, SSO token. */
    async function openInTeams(context: { locale: string; theme: string }, token: string | null) {
      const page = await browserContext().newPage();
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await page.route('**/tab/vendor/MicrosoftTeams.min.js', (route) =>
        route.fulfill({
          contentType: 'text/javascript; charset=utf-8',
          body: `window.microsoftTeams = {
            app: {
              initialize: function () { return Promise.resolve(); },
              getContext: function () { return Promise.resolve({ app: { locale: ${JSON.stringify(context.locale)}, theme: ${JSON.stringify(context.theme)} } }); },
              registerOnThemeChangeHandler: function (h) { window.__teamsThemeChange = h; },
              notifySuccess: function () { window.__teamsNotified = true; }
            },
            authentication: {
              getAuthToken: function () { window.__teamsTokenCalls = (window.__teamsTokenCalls || 0) + 1;
                return ${token ? `Promise.resolve(${JSON.stringify(token)})` : `Promise.reject(new Error('CancelledByUser'))`}; }
            }
          };`,
        }),
      );
      await page.goto(`${app.url}/tab/history.html`);
      await page.waitForSelector('body[data-state="ready"], body[data-state="signin"]');
      return page;
    }
    const browserContext = () => context;

    test('locale and theme come from the Teams context, theme changes are followed, the SSO token is used', async () => {
      const page = await openInTeams({ locale: 'ja-JP', theme: 'dark' }, jwks.issue());
      expect(await page.getAttribute('body', 'data-state')).toBe('ready');
      expect(await page.getAttribute('html', 'data-host')).toBe('teams');
      expect(await page.getAttribute('html', 'lang')).toBe('ja');
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
      expect(await page.evaluate('window.__teamsNotified')).toBe(true);
      expect(await page.evaluate('window.__teamsTokenCalls')).toBeGreaterThanOrEqual(2);
      expect(await rows(page)).toHaveLength(25);
      await page.screenshot({ path: path.join(ARTIFACTS, 'history-tab-ja-teams-dark.png'), fullPage: true });

      await page.evaluate(`window.__teamsThemeChange('contrast')`);
      expect(await page.getAttribute('html', 'data-theme')).toBe('contrast');
      expect(await page.evaluate(BACKGROUND)).toBe('rgb(0, 0, 0)');
      await page.screenshot({ path: path.join(ARTIFACTS, 'history-tab-ja-teams-contrast.png'), fullPage: true });

      await page.evaluate(`window.__teamsThemeChange('default')`);
      expect(await page.getAttribute('html', 'data-theme')).toBe('default');
      expect(problems).toEqual([]);
    });

    test('when Teams SSO fails the page asks for sign-in instead of showing data', async () => {
      const page = await openInTeams({ locale: 'en-US', theme: 'default' }, null);
      expect(await page.getAttribute('body', 'data-state')).toBe('signin');
      expect(await page.textContent('#signin')).toContain('Sign-in required.');
    });
  });
});
