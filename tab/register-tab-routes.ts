/**
 * GET /tab/* — the History tab's static files, from tab/public/, plus the TeamsJS browser bundle straight from
 * node_modules at /tab/vendor/MicrosoftTeams.min.js (no CDN; nothing is downloaded at run time).
 *
 * Only files on the list below are served (no path lookups, so no traversal). Every answer may be framed by Teams
 * (CSP frame-ancestors; no X-Frame-Options) and allows scripts, styles and fetches from this origin only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';

/** Hosts that may frame the tab: Teams web/desktop/mobile, Outlook and the Microsoft 365 app. */
export const TAB_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.skype.com',
  'https://*.office.com',
  'https://*.cloud.microsoft',
];

/**
 * connect-src 'self' also stops teams-js from fetching its list of Teams origins from res.cdn.office.net at load:
 * nothing is downloaded at run time, and teams-js then uses the list built into the bundle (it logs a CSP notice
 * in the browser console, which is expected).
 */
export const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${TAB_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

interface TabFile {
  file: string;
  type: string;
  /** Seconds browsers may reuse it without asking. */
  maxAge: number;
}

function publicDir(): string {
  // Source tree (tsx, ts-jest): tab/public next to this file. Built (dist/tab): the source folder two levels up.
  const candidates = [path.join(__dirname, 'public'), path.join(__dirname, '..', '..', 'tab', 'public')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'history.html')));
  if (!found) throw new Error(`History tab files not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function teamsJsBundlePath(): string {
  const pkg = require.resolve('@microsoft/teams-js/package.json');
  return path.join(path.dirname(pkg), 'dist', 'umd', 'MicrosoftTeams.min.js');
}

function tabFiles(): Map<string, TabFile> {
  const dir = publicDir();
  const html = 'text/html; charset=utf-8';
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  return new Map<string, TabFile>([
    ['/tab/history.html', { file: path.join(dir, 'history.html'), type: html, maxAge: 0 }],
    ['/tab/history.js', { file: path.join(dir, 'history.js'), type: js, maxAge: 0 }],
    ['/tab/history-strings.js', { file: path.join(dir, 'history-strings.js'), type: js, maxAge: 0 }],
    ['/tab/history.css', { file: path.join(dir, 'history.css'), type: css, maxAge: 0 }],
    ['/tab/vendor/MicrosoftTeams.min.js', { file: teamsJsBundlePath(), type: js, maxAge: 86400 }],
  ]);
}

export function registerTabRoutes(server: Server): void {
  const files = tabFiles();
  for (const f of files.values()) {
    if (!fs.existsSync(f.file)) throw new Error(`History tab file missing: ${f.file}`);
  }
  const serve = async (req: Request, res: Response) => {
    const entry = files.get(req.getPath());
    if (!entry) {
      res.send(404, { error: 'Not found' });
      return;
    }
    const body = await fs.promises.readFile(entry.file);
    res.writeHead(200, {
      'Content-Type': entry.type,
      'Content-Length': body.length,
      'Content-Security-Policy': TAB_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': entry.maxAge ? `public, max-age=${entry.maxAge}` : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  for (const route of files.keys()) {
    server.get(route, serve);
    server.head(route, serve);
  }
  // The tab's folder itself leads to the page.
  server.get('/tab', async (_req: Request, res: Response) => {
    res.header('Location', '/tab/history.html');
    res.send(302);
  });
}
