/**
 * The seed guide's テスト接続 step: reachable → TLS → API flavour → login → jobs → repositories,
 * one ✓/✗ line each, and for each ✗ what to check (English / 日本語).
 */
import net from 'node:net';
import tls from 'node:tls';
import { createVeeamClient } from './create-veeam-client';
import { VeeamError } from './errors';
import { normalizeFingerprint } from './tls-agent';
import { resolveOptions, type VeeamClientOptions } from './veeam-client-options';
import type { VeeamClient } from './veeam-client';

export interface CheckLine {
  ok: boolean;
  label: string;
  detail: string;
  hint?: string;
}

const HINTS: Record<string, string> = {
  VEEAM_UNREACHABLE:
    'Check VEEAM_API_URL (host and port: 9419 for VBR REST, 9398 for Enterprise Manager), DNS (nslookup), the firewall, and that the Veeam Backup Server / Enterprise Manager service is running. / ' +
    'VEEAM_API_URL（ホスト名とポート: VBR REST は 9419、Enterprise Manager は 9398）、名前解決、ファイアウォール、Veeamサービスが起動しているかを確認してください。',
  VEEAM_TLS:
    'The certificate is not trusted. Set VEEAM_CA_BUNDLE to your CA (or the server certificate) or VEEAM_CERT_FINGERPRINT to its SHA-256 fingerprint; VEEAM_VERIFY_SSL=false only for development. / ' +
    '証明書を信頼できません。VEEAM_CA_BUNDLE にCA証明書（またはサーバー証明書）を、または VEEAM_CERT_FINGERPRINT にSHA-256フィンガープリントを設定してください（VEEAM_VERIFY_SSL=false は開発用のみ）。',
  VEEAM_AUTH:
    'Check VEEAM_USERNAME (e.g. DOMAIN\\user or user@domain) and VEEAM_PASSWORD, and that the account is enabled. / ' +
    'VEEAM_USERNAME（例: DOMAIN\\user）と VEEAM_PASSWORD、アカウントが有効かを確認してください。',
  VEEAM_FORBIDDEN:
    'The account lacks a role: VBR needs Backup Operator or Administrator; Enterprise Manager needs Portal Administrator to list and start jobs. / ' +
    'アカウントの権限が不足しています（VBR: Backup Operator 以上、Enterprise Manager: Portal Administrator）。',
  VEEAM_NOT_SUPPORTED:
    'The URL answers neither as VBR REST (/api/v1) nor as Enterprise Manager (/api); check VEEAM_API_URL, VEEAM_API_FLAVOR and VEEAM_API_VERSION. / ' +
    'URLがVBR REST APIでもEnterprise Managerでもありません。VEEAM_API_URL、VEEAM_API_FLAVOR、VEEAM_API_VERSION を確認してください。',
  VEEAM_ERROR: 'Veeam answered with an error; see its message above and the Veeam server logs. / Veeamがエラーを返しました。メッセージとVeeamサーバーのログを確認してください。',
};

const hintFor = (e: unknown) => (e instanceof VeeamError ? HINTS[e.code] ?? HINTS.VEEAM_ERROR : HINTS.VEEAM_ERROR);
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => s.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.end();
      resolve();
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Handshake only, to name the certificate problem before any credential is sent. */
function tlsHandshake(host: string, port: number, o: ReturnType<typeof resolveOptions>): Promise<string> {
  return new Promise((resolve, reject) => {
    const pin = o.tls.fingerprint ? normalizeFingerprint(o.tls.fingerprint) : undefined;
    const s = tls.connect({
      host, port, servername: net.isIP(host) ? undefined : host, ca: o.tls.caPem ? [o.tls.caPem] : undefined,
      rejectUnauthorized: o.tls.verify && !(pin && !o.tls.caPem),
      checkServerIdentity: pin && !o.tls.caPem ? () => undefined : tls.checkServerIdentity,
    });
    s.setTimeout(o.connectTimeoutMs, () => s.destroy(new Error('TLS handshake timed out')));
    s.once('secureConnect', () => {
      const fp = s.getPeerCertificate().fingerprint256 ?? '';
      s.end();
      if (pin && o.tls.verify && normalizeFingerprint(fp) !== pin) reject(new Error(`certificate fingerprint ${fp} does not match VEEAM_CERT_FINGERPRINT`));
      else resolve(fp);
    });
    s.once('error', reject);
  });
}

export async function checkVeeamConnection(options: VeeamClientOptions): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const o = resolveOptions(options);
  let url: URL;
  try {
    url = new URL(o.baseUrl);
  } catch {
    return [{ ok: false, label: 'Configuration / 設定', detail: 'VEEAM_API_URL is missing or not a URL / VEEAM_API_URL が未設定または不正です', hint: HINTS.VEEAM_UNREACHABLE }];
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));

  try {
    await tcpReachable(host, port, o.connectTimeoutMs);
    lines.push({ ok: true, label: 'Reachable / 接続', detail: `${host}:${port}` });
  } catch (e) {
    lines.push({ ok: false, label: 'Reachable / 接続', detail: `${host}:${port}: ${messageOf(e)}`, hint: HINTS.VEEAM_UNREACHABLE });
    return lines;
  }

  if (url.protocol === 'https:') {
    try {
      const fp = await tlsHandshake(host, port, o);
      const how = !o.tls.verify ? 'NOT verified (VEEAM_VERIFY_SSL=false) / 検証なし' : o.tls.fingerprint ? 'pinned fingerprint / フィンガープリント一致' : o.tls.caPem ? 'trusted via VEEAM_CA_BUNDLE / CAバンドルで検証' : 'trusted / 検証済み';
      lines.push({ ok: true, label: 'TLS', detail: `${how}; SHA-256 ${fp}` });
    } catch (e) {
      lines.push({ ok: false, label: 'TLS', detail: messageOf(e), hint: HINTS.VEEAM_TLS });
      return lines;
    }
  } else {
    lines.push({ ok: false, label: 'TLS', detail: 'plain HTTP: Veeam APIs are HTTPS only / 平文HTTPです（VeeamのAPIはHTTPSのみ）', hint: HINTS.VEEAM_TLS });
  }

  let client: VeeamClient | undefined;
  try {
    client = await createVeeamClient(options);
    const info = await client.serverInfo();
    lines.push({ ok: true, label: 'Authenticated / 認証', detail: `as ${info.userName ?? o.username} on ${info.name}${info.build ? ` (build ${info.build})` : ''}` });
    lines.push({ ok: true, label: 'API flavour / API種別', detail: `${info.flavor === 'vbr' ? 'VBR REST API v1' : 'Enterprise Manager REST API'}, ${info.flavor === 'vbr' ? 'x-api-version' : 'version'} ${info.apiVersion}` });
  } catch (e) {
    lines.push({ ok: false, label: 'Authenticated / 認証', detail: messageOf(e), hint: hintFor(e) });
    await client?.close();
    return lines;
  }
  try {
    const jobs = await client.listJobs();
    lines.push({ ok: true, label: 'Jobs / ジョブ', detail: `${jobs.length}` });
  } catch (e) {
    lines.push({ ok: false, label: 'Jobs / ジョブ', detail: messageOf(e), hint: hintFor(e) });
  }
  try {
    const repos = await client.listRepositories();
    lines.push({ ok: true, label: 'Repositories / リポジトリ', detail: `${repos.length} (${repos.filter((r) => r.online === false).length} offline)` });
  } catch (e) {
    lines.push({ ok: false, label: 'Repositories / リポジトリ', detail: messageOf(e), hint: hintFor(e) });
  }
  await client.close();
  return lines;
}

export function formatCheckLines(lines: CheckLine[]): string {
  return lines
    .map((l) => `${l.ok ? '✓' : '✗'} ${l.label}: ${l.detail}${l.hint ? `\n    → ${l.hint}` : ''}`)
    .join('\n');
}
