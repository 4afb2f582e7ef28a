/** Webhook authentication: shared secret (constant-time) and an optional source-address allow-list. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import ipaddr from 'ipaddr.js';
import { WebhookRejectedError } from '../errors';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Reads the secret from `Authorization: Bearer …` or `X-Webhook-Secret`. */
export function presentedSecret(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1].trim();
  }
  const header = headers['x-webhook-secret'];
  return typeof header === 'string' ? header.trim() : undefined;
}

export function checkWebhookSecret(headers: IncomingHttpHeaders, secret: string | undefined): void {
  if (!secret) return;
  const given = presentedSecret(headers);
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  if (given === undefined || !timingSafeEqual(digest(given), digest(secret))) {
    throw new WebhookRejectedError(401, 'Unauthorized');
  }
}

export type AddressMatcher = (remoteAddress: string | undefined) => boolean;

export function createAddressMatcher(entries: string[]): AddressMatcher {
  if (!entries.length) return () => true;
  const ranges = entries.map((e) => (e.includes('/') ? ipaddr.parseCIDR(e) : ([ipaddr.parse(e), ipaddr.parse(e).kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number])));
  return (remote) => {
    if (!remote) return false;
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      addr = ipaddr.process(remote); // ::ffff:10.0.0.5 → 10.0.0.5
    } catch {
      return false;
    }
    return ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match([net, bits] as never));
  };
}
