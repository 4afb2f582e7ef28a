/**
 * npm run cards:preview — writes build/cards-preview.html: every card the bot sends, in English and Japanese
 * with sample data, rendered by the Adaptive Cards JS renderer with a Teams-like host config, side by side.
 * With --screenshot <file.png> it also photographs the page with Debian's chromium (never a downloaded browser).
 */
import fs from 'node:fs';
import path from 'node:path';
import { galleryCards } from '../cards/card-gallery';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'build', 'cards-preview.html');

/** Close to Teams' light theme: Segoe UI, Teams colours, 6 actions max, no positive/destructive styles. */
const TEAMS_HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Yu Gothic UI', 'Meiryo', system-ui, sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 24, padding: 12 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: { default: { default: '#252423', subtle: '#605E5C' }, accent: { default: '#6264A7' }, good: { default: '#237B4B' }, warning: { default: '#835C00' }, attention: { default: '#C4314B' } } },
    emphasis: { backgroundColor: '#F3F2F1', foregroundColors: { default: { default: '#252423', subtle: '#605E5C' } } },
    accent: { backgroundColor: '#6264A7', foregroundColors: { default: { default: '#FFFFFF' } } },
    good: { backgroundColor: '#E7F2DA', foregroundColors: { default: { default: '#252423' } } },
    attention: { backgroundColor: '#FCF4F6', foregroundColors: { default: { default: '#252423', subtle: '#605E5C' }, attention: { default: '#C4314B' } } },
    warning: { backgroundColor: '#FBF6D9', foregroundColors: { default: { default: '#252423' } } },
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline' } },
  factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 8 },
};

function page(): string {
  const sections = (['en', 'ja'] as const).map((locale) => ({
    locale,
    cards: galleryCards({ locale, timeZone: locale === 'ja' ? 'Asia/Tokyo' : 'Europe/Berlin' }),
  }));
  const names = sections[0].cards.map((c) => c.name);
  const data = JSON.stringify({ names, en: sections[0].cards.map((c) => c.card), ja: sections[1].cards.map((c) => c.card), hostConfig: TEAMS_HOST_CONFIG }).replace(/</g, '\\u003c');
  const lib = fs.readFileSync(path.join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js'), 'utf8');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Veeam bot cards</title>
<style>
  body { font-family: 'Segoe UI', system-ui, sans-serif; background: #F5F5F5; margin: 16px; color: #252423; }
  h1 { font-size: 20px; } h2 { font-size: 13px; color: #605E5C; margin: 0 0 4px; font-weight: 600; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-bottom: 20px; max-width: 1100px; }
  .card { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); overflow: hidden; }
  .ac-pushButton { border: 1px solid #C8C6C4; background: #fff; border-radius: 4px; padding: 5px 12px; font-weight: 600; color: #252423; }
</style>
<script>${lib}</script></head>
<body><h1>Veeam Teams bot — every card (English | 日本語), Adaptive Cards 1.4</h1><div id="root"></div>
<script>
const DATA = ${data};
const host = new AdaptiveCards.HostConfig(DATA.hostConfig);
// Teams renders **bold** in TextBlocks; the SDK needs a markdown processor for that.
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = '<p>' + esc(text).replace(/\\*\\*(.+?)\\*\\*/g, '<b>$1</b>').replace(/\\n/g, '<br>') + '</p>';
  result.didProcess = true;
};
const root = document.getElementById('root');
DATA.names.forEach((name, i) => {
  const row = document.createElement('div'); row.className = 'row';
  for (const lang of ['en', 'ja']) {
    const cell = document.createElement('div');
    const title = document.createElement('h2'); title.textContent = name + ' (' + lang + ')'; cell.appendChild(title);
    const box = document.createElement('div'); box.className = 'card';
    const card = new AdaptiveCards.AdaptiveCard(); card.hostConfig = host;
    card.parse(DATA[lang][i]);
    const el = card.render(); if (el) box.appendChild(el);
    cell.appendChild(box); row.appendChild(cell);
  }
  root.appendChild(row);
});
</script></body></html>`;
}

async function screenshot(file: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const p = await browser.newPage({ viewport: { width: 1150, height: 900 } });
    await p.goto(`file://${OUT}`);
    await p.screenshot({ path: file, fullPage: true });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, page());
  process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)}\n`);
  const i = process.argv.indexOf('--screenshot');
  if (i > 0) {
    const file = path.resolve(process.argv[i + 1] ?? 'build/cards-preview.png');
    await screenshot(file);
    process.stdout.write(`screenshot ${path.relative(process.cwd(), file)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`cards:preview failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
