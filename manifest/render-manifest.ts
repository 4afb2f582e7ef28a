/**
 * Turns the manifest template (manifest/manifest.json, with `${{VAR}}` placeholders as in the Teams
 * toolkits' appPackage/) and the Japanese strings template (manifest/ja.json) into the files that go into
 * the app package. Pure: no file or environment access; the caller passes templates, values and commands.
 */
import type { BotCommand, BotScope } from './bot-commands';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type CommandListEntry = {
  title: string;
  description: string;
};

export type CommandList = {
  scopes: BotScope[];
  commands: CommandListEntry[];
};

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const SCOPE_ORDER: readonly BotScope[] = ['personal', 'team', 'groupChat'];

/** Thrown when the templates and values do not fit together (a programming or packaging mistake). */
export class ManifestTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestTemplateError';
  }
}

/** Names of every `${{VAR}}` placeholder used anywhere in a JSON value (string values only). */
export function listPlaceholders(template: Json): string[] {
  const names = new Set<string>();
  walkStrings(template, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) names.add(m[1]);
    return s;
  });
  return [...names].sort();
}

/**
 * Replaces `${{VAR}}` in every string value. Works on the parsed JSON rather than the text, so a value
 * containing quotes or backslashes cannot break the document. Throws listing every placeholder that has
 * no value.
 */
export function fillPlaceholders(template: Json, values: Readonly<Record<string, string>>): Json {
  const missing = listPlaceholders(template).filter((name) => values[name] === undefined);
  if (missing.length) {
    throw new ManifestTemplateError(`No value for placeholder(s): ${missing.map((n) => `\${{${n}}}`).join(', ')}`);
  }
  return walkStrings(template, (s) => s.replace(PLACEHOLDER, (_m, name: string) => values[name]));
}

/** Most commands one command list may hold: 10 up to manifest schema 1.23, 12 from 1.24. */
export function commandLimit(manifestVersion: string): number {
  const m = /^1\.(\d+)$/.exec(manifestVersion);
  if (!m) return 10; // devPreview or unknown: assume the older, stricter limit
  return Number(m[1]) >= 24 ? 12 : 10;
}

/**
 * Builds `bots[0].commandLists`: for each scope the commands offered there (in table order), then scopes
 * with the same commands share one list. That gives at most three lists, the schema's maximum.
 */
export function buildCommandLists(commands: readonly BotCommand[], limit: number): CommandList[] {
  const lists: CommandList[] = [];
  for (const scope of SCOPE_ORDER) {
    const inScope = commands.filter((c) => c.scopes.includes(scope));
    if (!inScope.length) continue;
    const entries = inScope.map((c) => ({ title: c.titleEn, description: c.descriptionEn }));
    const same = lists.find((l) => JSON.stringify(l.commands) === JSON.stringify(entries));
    if (same) same.scopes.push(scope);
    else lists.push({ scopes: [scope], commands: entries });
  }
  for (const list of lists) {
    if (list.commands.length > limit) {
      throw new ManifestTemplateError(
        `The ${list.scopes.join('/')} command list has ${list.commands.length} commands; this manifest version allows ${limit}. ` +
          'Offer some commands in fewer scopes or raise manifestVersion (1.24+ allows 12).',
      );
    }
  }
  return lists;
}

/** The command table entry behind a manifest command-list entry (matched by English title). */
function findCommand(commands: readonly BotCommand[], title: string): BotCommand {
  const found = commands.find((c) => c.titleEn === title);
  if (!found) throw new ManifestTemplateError(`Command "${title}" is not in the command table`);
  return found;
}

/**
 * The manifest object: placeholders filled and `bots[0].commandLists` generated from the command table
 * (the template must not carry its own command lists, so the table stays the single source).
 */
export function renderManifest(
  template: Json,
  values: Readonly<Record<string, string>>,
  commands: readonly BotCommand[],
): JsonObject {
  const filled = fillPlaceholders(template, values);
  if (!isObject(filled)) throw new ManifestTemplateError('The manifest template must be a JSON object');
  const bots = filled.bots;
  if (!Array.isArray(bots) || bots.length !== 1 || !isObject(bots[0])) {
    throw new ManifestTemplateError('The manifest template must declare exactly one bot in "bots"');
  }
  if ('commandLists' in bots[0]) {
    throw new ManifestTemplateError('Remove "commandLists" from manifest/manifest.json; it is generated from manifest/bot-commands.ts');
  }
  const version = typeof filled.manifestVersion === 'string' ? filled.manifestVersion : '';
  const lists = buildCommandLists(commands, commandLimit(version));
  bots[0] = { ...bots[0], commandLists: lists };
  return filled;
}

/**
 * The Japanese localisation file: the strings template plus a title and description for every command in
 * every command list of the rendered manifest (keys like `bots[0].commandLists[0].commands[3].title`).
 * `$schema` follows the manifest's version so both files are checked against the same release.
 */
export function renderLocalization(jaTemplate: Json, manifest: JsonObject, commands: readonly BotCommand[]): JsonObject {
  const filled = fillPlaceholders(jaTemplate, {});
  if (!isObject(filled)) throw new ManifestTemplateError('The localisation template must be a JSON object');
  const out: JsonObject = { ...filled };
  if (typeof manifest.manifestVersion === 'string' && /^1\.\d+$/.test(manifest.manifestVersion)) {
    out.$schema = `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`;
  }
  const bot = Array.isArray(manifest.bots) && isObject(manifest.bots[0]) ? manifest.bots[0] : undefined;
  const lists = bot && Array.isArray(bot.commandLists) ? bot.commandLists : [];
  lists.forEach((list, i) => {
    const entries = isObject(list) && Array.isArray(list.commands) ? list.commands : [];
    entries.forEach((entry, j) => {
      const title = isObject(entry) && typeof entry.title === 'string' ? entry.title : '';
      const cmd = findCommand(commands, title);
      out[`bots[0].commandLists[${i}].commands[${j}].title`] = cmd.titleJa;
      out[`bots[0].commandLists[${i}].commands[${j}].description`] = cmd.descriptionJa;
    });
  });
  return out;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walkStrings(value: Json, fn: (s: string) => string): Json {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => walkStrings(v, fn));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = walkStrings(v, fn);
    return out;
  }
  return value;
}
