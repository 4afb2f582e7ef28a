/**
 * Reads a JSON request body with the checks a webhook needs: content type, size limit, strict UTF-8,
 * valid JSON and no duplicate keys (so two values for one field cannot disagree silently).
 */
import type { IncomingMessage } from 'node:http';
import { WebhookRejectedError } from '../errors';
import { findDuplicateKey } from './find-duplicate-key';

export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** Deepest nesting of objects/arrays accepted. A job event needs 3; a deeper body could not even be stored. */
export const MAX_JSON_DEPTH = 32;

/** The top-level field under which a (valid) JSON text nests deeper than `max`, or undefined. */
export function tooDeepField(json: string, max = MAX_JSON_DEPTH): string | undefined {
  let depth = 0;
  let topKey: string | undefined;
  for (let i = 0; i < json.length; i += 1) {
    const ch = json[i];
    if (ch === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      if (depth === 1 && topKey === undefined) topKey = JSON.parse(json.slice(i, j + 1)) as string;
      i = j;
    } else if (ch === '{' || ch === '[') {
      depth += 1;
      if (depth > max) return topKey ?? '(body)';
    } else if (ch === '}' || ch === ']') {
      depth -= 1;
    } else if (ch === ',' && depth === 1) {
      topKey = undefined;
    }
  }
  return undefined;
}

export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
    req.resume();
    throw new WebhookRejectedError(415, 'Content-Type must be application/json');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new WebhookRejectedError(413, `Body is larger than ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new WebhookRejectedError(413, `Body is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new WebhookRejectedError(400, 'Body is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // Windows PowerShell may write a BOM
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebhookRejectedError(400, 'Body is not valid JSON');
  }
  const deep = tooDeepField(text);
  if (deep) {
    throw new WebhookRejectedError(400, 'Body is nested too deeply', [{ field: deep, problem: `nests objects/arrays more than ${MAX_JSON_DEPTH} levels deep` }]);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    throw new WebhookRejectedError(400, 'Body has a duplicate key', [{ field: duplicate, problem: 'appears more than once' }]);
  }
  return parsed;
}
