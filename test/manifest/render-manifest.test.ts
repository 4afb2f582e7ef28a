import fs from 'node:fs';
import path from 'node:path';
import { BOT_COMMANDS, type BotCommand } from '../../manifest/bot-commands';
import {
  buildCommandLists,
  commandLimit,
  fillPlaceholders,
  listPlaceholders,
  ManifestTemplateError,
  renderLocalization,
  renderManifest,
  type Json,
  type JsonObject,
} from '../../manifest/render-manifest';
import { APP_ID, makeValues } from './helpers';

const dir = path.resolve(__dirname, '../../manifest');
const template = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Json;
const jaTemplate = JSON.parse(fs.readFileSync(path.join(dir, 'ja.json'), 'utf8')) as Json;

type List = { scopes: string[]; commands: { title: string; description: string }[] };
const listsOf = (m: JsonObject) => ((m.bots as JsonObject[])[0].commandLists as unknown as List[]);

describe('renderManifest', () => {
  const manifest = renderManifest(template, { ...makeValues() }, BOT_COMMANDS);

  it('uses exactly the documented placeholders in the template', () => {
    expect(listPlaceholders(template)).toEqual(['APP_VERSION', 'BOT_DOMAIN', 'BOT_ID', 'PRIVACY_URL', 'TEAMS_APP_ID', 'TERMS_OF_USE_URL']);
  });

  it('replaces every placeholder', () => {
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('${{');
    expect(text).not.toMatch(/\{\{\s*[A-Za-z_]+\s*\}\}/);
  });

  it('fills ids, host and version from the values', () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toBe('1.2.3');
    const bot = (manifest.bots as JsonObject[])[0];
    expect(bot.botId).toBe(APP_ID);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.validDomains).toEqual(['veeam-bot.contoso.com']);
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://veeam-bot.contoso.com/${APP_ID}` });
    const tab = (manifest.staticTabs as JsonObject[])[0];
    expect(tab.contentUrl).toBe('https://veeam-bot.contoso.com/tab/history.html');
    expect(tab.scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat']));
    expect((manifest.developer as JsonObject).privacyUrl).toBe('https://contoso.com/privacy');
  });

  it('is on a current schema version (1.17 or later)', () => {
    expect(String(manifest.manifestVersion)).toMatch(/^1\.\d+$/);
    expect(Number(String(manifest.manifestVersion).split('.')[1])).toBeGreaterThanOrEqual(17);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${String(manifest.manifestVersion)}/MicrosoftTeams.schema.json`);
  });

  it("commandLists equal the entries of manifest/bot-commands.ts, for every scope", () => {
    const lists = listsOf(manifest);
    for (const scope of ['personal', 'team', 'groupChat'] as const) {
      const inManifest = lists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands);
      const inTable = BOT_COMMANDS.filter((c) => c.scopes.includes(scope)).map((c) => ({ title: c.titleEn, description: c.descriptionEn }));
      expect(inManifest).toEqual(inTable);
    }
    for (const list of lists) expect(list.commands.length).toBeLessThanOrEqual(commandLimit(String(manifest.manifestVersion)));
  });

  it('puts a quote or backslash in a value without breaking the JSON', () => {
    const out = fillPlaceholders({ a: 'x ${{V}} y' }, { V: 'say "hi" \\ bye' }) as JsonObject;
    expect(out.a).toBe('x say "hi" \\ bye y');
  });

  it('names every placeholder without a value', () => {
    expect(() => fillPlaceholders(template, {})).toThrow(ManifestTemplateError);
    expect(() => fillPlaceholders(template, { BOT_ID: APP_ID })).toThrow(
      /No value for placeholder\(s\): \$\{\{APP_VERSION\}\}, \$\{\{BOT_DOMAIN\}\}, \$\{\{PRIVACY_URL\}\}, \$\{\{TEAMS_APP_ID\}\}, \$\{\{TERMS_OF_USE_URL\}\}/,
    );
  });

  it('refuses a template that carries its own commandLists', () => {
    const withLists = JSON.parse(JSON.stringify(template)) as JsonObject;
    ((withLists.bots as JsonObject[])[0] as JsonObject).commandLists = [];
    expect(() => renderManifest(withLists, { ...makeValues() }, BOT_COMMANDS)).toThrow(/generated from manifest\/bot-commands.ts/);
  });
});

describe('buildCommandLists', () => {
  const cmd = (command: string, scopes: BotCommand['scopes']): BotCommand => ({
    command, aliasJa: command, argsEn: '', argsJa: '', titleEn: command, descriptionEn: `${command} d`, titleJa: command, descriptionJa: `${command} j`, scopes,
  });

  it('shares one list between scopes offering the same commands', () => {
    const lists = buildCommandLists([cmd('a', ['personal', 'team', 'groupChat']), cmd('b', ['personal', 'team', 'groupChat'])], 10);
    expect(lists).toEqual([{ scopes: ['personal', 'team', 'groupChat'], commands: [{ title: 'a', description: 'a d' }, { title: 'b', description: 'b d' }] }]);
  });

  it('splits lists when scopes differ', () => {
    const lists = buildCommandLists([cmd('a', ['personal', 'team', 'groupChat']), cmd('b', ['team', 'groupChat'])], 10);
    expect(lists).toEqual([
      { scopes: ['personal'], commands: [{ title: 'a', description: 'a d' }] },
      { scopes: ['team', 'groupChat'], commands: [{ title: 'a', description: 'a d' }, { title: 'b', description: 'b d' }] },
    ]);
  });

  it('enforces the per-list command limit of the schema version', () => {
    expect(commandLimit('1.17')).toBe(10);
    expect(commandLimit('1.23')).toBe(10);
    expect(commandLimit('1.24')).toBe(12);
    expect(commandLimit('1.30')).toBe(12);
    const eleven = Array.from({ length: 11 }, (_, i) => cmd(`c${i}`, ['personal']));
    expect(() => buildCommandLists(eleven, commandLimit('1.23'))).toThrow(/has 11 commands; this manifest version allows 10/);
    expect(buildCommandLists(eleven, commandLimit('1.24'))[0].commands).toHaveLength(11);
  });
});

describe('renderLocalization', () => {
  const manifest = renderManifest(template, { ...makeValues() }, BOT_COMMANDS);
  const ja = renderLocalization(jaTemplate, manifest, BOT_COMMANDS);

  it('translates name, description and the tab', () => {
    expect(ja['name.short']).toBe('Veeam バックアップ ボット');
    expect(String(ja['description.short']).length).toBeLessThanOrEqual(80);
    expect(ja['staticTabs[0].name']).toBe('履歴');
  });

  it('gives every command of every list its Japanese title and description', () => {
    listsOf(manifest).forEach((list, i) =>
      list.commands.forEach((entry, j) => {
        const c = BOT_COMMANDS.find((x) => x.titleEn === entry.title)!;
        expect(ja[`bots[0].commandLists[${i}].commands[${j}].title`]).toBe(c.titleJa);
        expect(ja[`bots[0].commandLists[${i}].commands[${j}].description`]).toBe(c.descriptionJa);
      }),
    );
    expect(JSON.stringify(ja)).not.toContain('${{');
  });

  it('follows the manifest schema version', () => {
    expect(ja.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${String(manifest.manifestVersion)}/MicrosoftTeams.Localization.schema.json`);
  });

  it('declares ja with en-us as the default language', () => {
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'ja', file: 'ja.json' }] });
  });
});
