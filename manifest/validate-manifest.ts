/**
 * Offline validation against Microsoft's own Teams JSON schemas, as shipped in the npm package
 * `@microsoft/app-manifest` (build/json-schemas/teams/v1.NN/). Nothing is downloaded or copied: the schema
 * matching the manifest's `manifestVersion` is read from node_modules.
 *
 * The Teams schemas declare draft-04; Ajv 8 handles that through `ajv-draft-04`. Newer drafts are handled
 * too, should a later schema release switch. Two Ajv options are needed for Microsoft's files:
 * `strictTypes: false` (keywords without a `type` beside them) and `unicodeRegExp: false` (the
 * localisation schema has patterns such as `\b]` that are invalid with the `u` flag).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export type SchemaKind = 'manifest' | 'localization';

export interface SchemaProblem {
  /** JSON pointer into the checked document, '' for the root. */
  path: string;
  message: string;
}

const SCHEMA_FILES: Record<SchemaKind, string> = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
};

/** Folder holding Microsoft's Teams schemas inside the installed `@microsoft/app-manifest`. */
export function teamsSchemasDir(): string {
  const pkg = require.resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams');
}

/** The manifest versions whose schemas the installed package ships, e.g. ['1.17', '1.19', …]. */
export function availableSchemaVersions(): string[] {
  return fs
    .readdirSync(teamsSchemasDir())
    .filter((d) => /^v1\.\d+$/.test(d))
    .map((d) => d.slice(1))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

export function schemaPath(manifestVersion: string, kind: SchemaKind): string {
  if (!/^(1\.\d+|devPreview)$/.test(manifestVersion)) {
    throw new Error(`manifestVersion ${JSON.stringify(manifestVersion)} is not a Teams schema version like 1.24`);
  }
  const file = path.join(teamsSchemasDir(), `v${manifestVersion}`, SCHEMA_FILES[kind]);
  if (!fs.existsSync(file)) {
    throw new Error(
      `No ${kind} schema for manifestVersion ${manifestVersion} in @microsoft/app-manifest ` +
        `(shipped: ${availableSchemaVersions().join(', ')}). Update the package or pick a shipped version.`,
    );
  }
  return file;
}

export function loadSchema(manifestVersion: string, kind: SchemaKind): Record<string, unknown> {
  const text = fs.readFileSync(schemaPath(manifestVersion, kind), 'utf8').replace(/^\uFEFF/, '');
  // Some published schema versions contained the invalid escape "\a" in a pattern
  // (microsoft-teams-app-schema issue 190); Microsoft's own loader rewrites it the same way.
  return JSON.parse(text.replace(/\\\\a/g, '\\\\x07')) as Record<string, unknown>;
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles a JSON schema with the Ajv flavour its `$schema` asks for (cached per version and kind). */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = { allErrors: true, strictTypes: false, unicodeRegExp: false } as const;
  const ajv = draft.includes('draft-04')
    ? new AjvDraft04(options)
    : draft.includes('2020-12')
      ? new Ajv2020(options)
      : draft.includes('2019-09')
        ? new Ajv2019(options)
        : new Ajv(options); // draft-06 / draft-07
  addFormats(ajv);
  return ajv.compile(schema);
}

function validatorFor(manifestVersion: string, kind: SchemaKind): ValidateFunction {
  const key = `${manifestVersion}/${kind}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = compileSchema(loadSchema(manifestVersion, kind));
    compiled.set(key, fn);
  }
  return fn;
}

function toProblems(errors: ErrorObject[] | null | undefined): SchemaProblem[] {
  return (errors ?? []).map((e) => {
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') message += `: "${String(e.params.additionalProperty)}"`;
    else if (e.keyword === 'enum') message += `: ${JSON.stringify(e.params.allowedValues)}`;
    else if (e.keyword === 'const') message += `: ${JSON.stringify(e.params.allowedValue)}`;
    return { path: e.instancePath, message };
  });
}

/** Checks a rendered manifest against the schema of its own `manifestVersion`. */
export function validateManifest(manifest: Record<string, unknown>): SchemaProblem[] {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return [{ path: '/manifestVersion', message: 'is missing' }];
  const validate = validatorFor(version, 'manifest');
  return validate(manifest) ? [] : toProblems(validate.errors);
}

/** Checks a localisation file against the localisation schema of the manifest's version. */
export function validateLocalization(localization: Record<string, unknown>, manifestVersion: string): SchemaProblem[] {
  const validate = validatorFor(manifestVersion, 'localization');
  return validate(localization) ? [] : toProblems(validate.errors);
}

/** One line per problem: "  manifest.json /bots/0/botId: must match pattern …". */
export function formatProblems(file: string, problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `  ${file} ${p.path || '(root)'}: ${p.message}`).join('\n');
}
