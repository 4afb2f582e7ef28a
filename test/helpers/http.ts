/** Small fetch wrappers for talking to the real server. */
import { TEST_WEBHOOK_SECRET } from './start-test-app';

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function postJobComplete(
  url: string,
  body: unknown,
  options: { secret?: string | null; headers?: Record<string, string>; raw?: string | Buffer } = {},
): Promise<JsonAnswer> {
  const secret = options.secret === undefined ? TEST_WEBHOOK_SECRET : options.secret;
  const res = await fetch(`${url}/api/veeam/job-complete`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}
