/**
 * Validates response bodies against Veeam's OpenAPI 3.0 spec with ajv. OpenAPI is close to JSON Schema
 * but not equal: `nullable`, `discriminator` with oneOf over allOf-subtypes that point back at the base,
 * and formats such as int64 need converting first.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const BASE_SUFFIX = '__base';

/** OpenAPI schema → JSON Schema (draft-07 flavoured, as Ajv's default). */
function convert(node: Json, polymorphic: Set<string>, insideAllOf = false): Json {
  if (Array.isArray(node)) return node.map((n) => convert(n, polymorphic, insideAllOf));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (['discriminator', 'example', 'examples', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly'].includes(k) || k.startsWith('x-')) continue;
    if (k === 'nullable') continue;
    if (k === '$ref' && typeof v === 'string') {
      const name = v.replace('#/components/schemas/', '');
      // A subtype's allOf points at its polymorphic base: use the base without its oneOf, or it recurses.
      out.$ref = insideAllOf && polymorphic.has(name) ? `#/definitions/${name}${BASE_SUFFIX}` : `#/definitions/${name}`;
      continue;
    }
    if (k === 'allOf' && Array.isArray(v)) {
      out.allOf = v.map((n) => convert(n, polymorphic, true));
      continue;
    }
    out[k] = isObj(v) || Array.isArray(v) ? convert(v, polymorphic, false) : v;
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  // Discriminator → if/then per mapping, so exactly the mapped subtype is checked (oneOf would match several).
  const disc = node.discriminator;
  if (isObj(disc) && Array.isArray(node.oneOf) && isObj(disc.mapping) && typeof disc.propertyName === 'string') {
    delete out.oneOf;
    const prop = disc.propertyName;
    out.allOf = [
      ...((out.allOf as Json[] | undefined) ?? []),
      ...Object.entries(disc.mapping).map(([value, ref]) => ({
        if: { properties: { [prop]: { const: value } }, required: [prop] },
        then: { $ref: `#/definitions/${String(ref).replace('#/components/schemas/', '')}` },
      })),
    ];
  }
  return out;
}

export interface OpenApiValidator {
  readonly revision: string;
  /** Problems with a response body; empty when it conforms (or the operation is not documented). */
  validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[];
  /** Validates against a named component schema. */
  validateSchema(schemaName: string, value: unknown): string[];
  hasOperation(method: string, pathTemplate: string): boolean;
}

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: Obj }> }> }>>;
  components: { schemas: Record<string, Obj>; responses?: Record<string, { content?: Record<string, { schema?: Obj }> }> };
}

export function specFileFor(specDir: string, revision: string): string {
  return path.join(specDir, `vbr_rest_${revision}.json`);
}

export function createOpenApiValidator(specFile: string, revision: string): OpenApiValidator {
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as Spec;
  const schemas = spec.components.schemas;
  const polymorphic = new Set(Object.entries(schemas).filter(([, s]) => isObj(s.discriminator as Json) && Array.isArray(s.oneOf)).map(([n]) => n));
  const definitions: Obj = {};
  for (const [name, s] of Object.entries(schemas)) {
    definitions[name] = convert(s, polymorphic);
    if (polymorphic.has(name)) {
      const base = { ...s };
      delete base.oneOf;
      delete base.discriminator;
      definitions[name + BASE_SUFFIX] = convert(base, polymorphic);
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float']) ajv.addFormat(f, { type: 'number', validate: () => true });
  for (const f of ['password', 'byte', 'binary']) ajv.addFormat(f, () => true);
  const rootId = `vbr-${revision}`;
  ajv.addSchema({ $id: rootId, definitions });
  const cache = new Map<string, ValidateFunction>();

  const validatorFor = (name: string): ValidateFunction => {
    let v = cache.get(name);
    if (!v) {
      v = ajv.compile({ $ref: `${rootId}#/definitions/${name}` });
      cache.set(name, v);
    }
    return v;
  };

  const run = (name: string, value: unknown): string[] => {
    const v = validatorFor(name);
    if (v(value)) return [];
    return (v.errors ?? []).slice(0, 10).map((e) => `${name}${e.instancePath} ${e.message ?? ''}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
  };

  const responseSchema = (method: string, pathTemplate: string, status: number): string | undefined => {
    const op = spec.paths[pathTemplate]?.[method.toLowerCase()];
    const resp = op?.responses?.[String(status)];
    if (!resp) return undefined;
    const content = resp.$ref
      ? spec.components.responses?.[resp.$ref.replace('#/components/responses/', '')]?.content
      : resp.content;
    const ref = content?.['application/json']?.schema?.$ref;
    return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
  };

  return {
    revision,
    hasOperation: (method, pathTemplate) => !!spec.paths[pathTemplate]?.[method.toLowerCase()],
    validateSchema: run,
    validateResponse(method, pathTemplate, status, body) {
      const op = spec.paths[pathTemplate]?.[method.toLowerCase()];
      if (!op) return [`${method} ${pathTemplate} is not in the ${revision} spec`];
      if (!op.responses?.[String(status)]) return [`${method} ${pathTemplate} has no documented ${status} response in ${revision}`];
      const name = responseSchema(method, pathTemplate, status);
      return name ? run(name, body) : [];
    },
  };
}
