/**
 * Reads a JSON request body with the checks a webhook needs: content type, size limit, strict UTF-8,
 * valid JSON and no duplicate keys (so two values for one field cannot disagree silently).
 */
import type { IncomingMessage } from 'node:http';
import { WebhookRejectedError } from '../errors';
import { findDuplicateKey } from './find-duplicate-key';

export const DEFAULT_BODY_LIMIT = 256 * 1024;

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
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    throw new WebhookRejectedError(400, 'Body has a duplicate key', [{ field: duplicate, problem: 'appears more than once' }]);
  }
  return parsed;
}
