import fs from 'node:fs';
import path from 'node:path';
import { BOT_COMMANDS } from '../../manifest/bot-commands';
import { renderLocalization, renderManifest, type Json, type JsonObject } from '../../manifest/render-manifest';
import {
  availableSchemaVersions,
  compileSchema,
  formatProblems,
  loadSchema,
  schemaPath,
  teamsSchemasDir,
  validateLocalization,
  validateManifest,
} from '../../manifest/validate-manifest';
import { makeValues } from './helpers';

const dir = path.resolve(__dirname, '../../manifest');
const template = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Json;
const jaTemplate = JSON.parse(fs.readFileSync(path.join(dir, 'ja.json'), 'utf8')) as Json;
const render = () => renderManifest(template, { ...makeValues() }, BOT_COMMANDS);

describe('Teams schemas from @microsoft/app-manifest (offline)', () => {
  it('are read from node_modules, for the manifest version we use', () => {
    const manifest = render();
    const version = String(manifest.manifestVersion);
    expect(teamsSchemasDir()).toContain(path.join('node_modules', '@microsoft', 'app-manifest'));
    expect(availableSchemaVersions()).toContain(version);
    expect(schemaPath(version, 'manifest')).toMatch(new RegExp(`v${version.replace('.', '\\.')}[\\\\/]MicrosoftTeams\\.schema\\.json$`));
    expect(loadSchema(version, 'manifest').$schema).toMatch(/draft-04/);
  });

  it('explains a manifest version the package does not ship', () => {
    expect(() => schemaPath('1.18', 'manifest')).toThrow(/No manifest schema for manifestVersion 1.18 .*shipped: .*1\.17, 1\.19/);
  });

  it('compiles draft-07 schemas too', () => {
    const validate = compileSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['a'] });
    expect(validate({})).toBe(false);
    expect(validate({ a: 1 })).toBe(true);
  });
});

describe('validateManifest', () => {
  it('accepts the rendered manifest', () => {
    expect(validateManifest(render())).toEqual([]);
  });

  it('reports each problem with its path', () => {
    const bad = render();
    bad.accentColor = 'green';
    (bad.bots as JsonObject[])[0].botId = 'not-a-guid';
    (bad.name as JsonObject).short = 'x'.repeat(31);
    const problems = validateManifest(bad);
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/accentColor', '/bots/0/botId', '/name/short']));
    expect(formatProblems('manifest.json', problems)).toMatch(/^ {2}manifest\.json \/accentColor: must match pattern/m);
  });

  it('rejects more commands in a list than the schema allows', () => {
    const bad = render();
    const list = ((bad.bots as JsonObject[])[0].commandLists as JsonObject[])[0];
    list.commands = Array.from({ length: 13 }, (_, i) => ({ title: `c${i}`, description: 'd' }));
    expect(validateManifest(bad)).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/bots/0/commandLists/0/commands' })]));
  });

  it('names an unknown property', () => {
    const bad = render();
    bad.colour = 'x';
    expect(formatProblems('manifest.json', validateManifest(bad))).toContain('must NOT have additional properties: "colour"');
  });
});

describe('validateLocalization', () => {
  const manifest = render();
  const version = String(manifest.manifestVersion);

  it('accepts the rendered ja.json', () => {
    expect(validateLocalization(renderLocalization(jaTemplate, manifest, BOT_COMMANDS), version)).toEqual([]);
  });

  it('rejects unknown keys and over-long names', () => {
    const ja = renderLocalization(jaTemplate, manifest, BOT_COMMANDS);
    ja['name.short'] = 'あ'.repeat(31);
    ja['bots[0].commandLists[0].commands[12].title'] = 'x';
    const problems = validateLocalization(ja, version);
    expect(problems.map((p) => p.path)).toContain('/name.short');
    expect(problems.some((p) => p.message.includes('bots[0].commandLists[0].commands[12].title'))).toBe(true);
  });
});
