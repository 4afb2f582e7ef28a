/** The History tab's static files: served from the bot, framable by Teams only, teams-js from node_modules. */
import fs from 'node:fs';
import { TAB_FRAME_ANCESTORS, teamsJsBundlePath } from '../../tab/register-tab-routes';
import { startTestApp, type TestApp } from '../helpers/start-test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.dispose();
});

test('the manifest points at the page we serve', () => {
  const manifest = JSON.parse(fs.readFileSync('manifest/manifest.json', 'utf8')) as { staticTabs: Array<{ contentUrl: string }> };
  expect(manifest.staticTabs[0].contentUrl).toBe('https://${{BOT_DOMAIN}}/tab/history.html');
});

test('the page is UTF-8 HTML that Teams may frame (CSP frame-ancestors, no X-Frame-Options)', async () => {
  const res = await fetch(`${app.url}/tab/history.html`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('x-frame-options')).toBeNull();
  const csp = res.headers.get('content-security-policy') ?? '';
  const ancestors = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('frame-ancestors'));
  expect(ancestors?.split(/\s+/).slice(1)).toEqual(TAB_FRAME_ANCESTORS);
  for (const host of ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.skype.com', 'https://*.office.com', 'https://*.cloud.microsoft', "'self'"]) {
    expect(ancestors).toContain(host);
  }
  expect(csp).toContain("script-src 'self'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const html = await res.text();
  expect(html).toContain('<meta charset="utf-8">');
  expect(html).toContain('src="vendor/MicrosoftTeams.min.js"');
  expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // nothing from another origin
});

test('scripts and styles are served with UTF-8 types; the Japanese words arrive intact', async () => {
  for (const [file, type] of [['history.js', 'text/javascript'], ['history-strings.js', 'text/javascript'], ['history.css', 'text/css']]) {
    const res = await fetch(`${app.url}/tab/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
  }
  const strings = await (await fetch(`${app.url}/tab/history-strings.js`)).text();
  expect(strings).toContain('バックアップ実行履歴');
  const css = await (await fetch(`${app.url}/tab/history.css`)).text();
  expect(css).toContain("font-family: 'Segoe UI', 'Yu Gothic UI', 'Meiryo', 'Hiragino Sans', 'Noto Sans CJK JP', sans-serif;");
});

test('teams-js is the installed package file, served at /tab/vendor/', async () => {
  const res = await fetch(`${app.url}/tab/vendor/MicrosoftTeams.min.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
  const body = Buffer.from(await res.arrayBuffer());
  expect(body.equals(fs.readFileSync(teamsJsBundlePath()))).toBe(true);
  expect(teamsJsBundlePath()).toMatch(/node_modules[\\/]@microsoft[\\/]teams-js[\\/]dist[\\/]umd[\\/]MicrosoftTeams\.min\.js$/);
});

test('only listed files are served: other paths are 404, traversal gets nothing', async () => {
  for (const p of ['/tab/nope.html', '/tab/vendor/other.js', '/tab/%2e%2e/package.json', '/tab/..%2fpackage.json', '/tab/public/history.html']) {
    const res = await fetch(`${app.url}${p}`);
    expect([404, 400]).toContain(res.status);
    expect(await res.text()).not.toContain('"dependencies"');
  }
});

test('/tab leads to the page; HEAD works', async () => {
  const res = await fetch(`${app.url}/tab`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/tab/history.html');
  const head = await fetch(`${app.url}/tab/history.html`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(Number(head.headers.get('content-length'))).toBeGreaterThan(500);
});
