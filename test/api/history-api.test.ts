/**
 * GET /api/history and /api/history/summary through the real server, with Teams SSO tokens issued and checked
 * against a local key set (test/helpers/local-jwks.ts), history seeded through the real webhook.
 */
import { createTeamsTokenVerifier, entraDefaults, SigningKeysUnavailableError } from '../../api/auth/verify-teams-token';
import { isLoopback } from '../../api/auth/tab-auth';
import { createJwksKeyStore, JwksUnavailableError, SigningKeyNotFoundError } from '../../api/auth/jwks-key-store';
import { startLocalJwks, TEST_APP_ID, TEST_AUDIENCE, TEST_TENANT_ID, type LocalJwks } from '../helpers/local-jwks';
import { dayIn, expectedDaily, SEED_JOBS, seedHistory, type SeededRun } from '../helpers/seed-history';
import { startTestApp, type TestApp } from '../helpers/start-test-app';

let jwks: LocalJwks;
let app: TestApp;
let seeded: SeededRun[];
let token: string;

beforeAll(async () => {
  jwks = await startLocalJwks();
  app = await startTestApp(jwks.appEnv());
  seeded = await seedHistory(app.url);
  token = jwks.issue();
});
afterAll(async () => {
  await app?.dispose();
  await jwks?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function get(path: string, bearer: string | null = token, headers: Record<string, string> = {}, base = app.url): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

interface Item {
  id: string;
  jobName: string;
  result: string;
  endTime: string;
  [k: string]: unknown;
}
const items = (a: Answer) => a.body.items as Item[];

const newestFirst = () => [...seeded].sort((a, b) => b.endTime.getTime() - a.endTime.getTime());

describe('sign-in', () => {
  test('a request without a token is refused with 401 and a Bearer challenge', async () => {
    for (const path of ['/api/history', '/api/history/summary']) {
      const a = await get(path, null);
      expect(a.status).toBe(401);
      expect(a.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(a.body).toEqual({ error: 'Sign-in required', problem: 'missing' });
    }
  });

  test('a Teams SSO token (v2, audience api://host/appId) is accepted, and the keys are fetched once', async () => {
    const before = jwks.fetches();
    for (let i = 0; i < 3; i++) expect((await get('/api/history?limit=1')).status).toBe(200);
    expect(jwks.fetches() - before).toBeLessThanOrEqual(1);
    expect(jwks.fetches()).toBe(1);
  });

  test.each([
    ['a v1 token (sts.windows.net issuer)', { iss: `https://sts.windows.net/${TEST_TENANT_ID}/`, ver: '1.0', upn: 'dana@contoso.example', preferred_username: undefined }],
    ['a token whose audience is the bare app id', { aud: TEST_APP_ID }],
    ['several scopes including access_as_user', { scp: 'User.Read access_as_user' }],
  ])('accepted: %s', async (_what, claims) => {
    expect((await get('/api/history?limit=1', jwks.issue(claims))).status).toBe(200);
  });

  test.each([
    ['wrong audience', jwks_ => jwks_.issue({ aud: 'api://other-host.example/' + TEST_APP_ID })],
    ['wrong audience', jwks_ => jwks_.issue({ aud: 'https://graph.microsoft.com' })],
    ['wrong issuer', jwks_ => jwks_.issue({ iss: 'https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0' })],
    ['wrong issuer', jwks_ => jwks_.issue({ iss: `https://evil.example/${TEST_TENANT_ID}/v2.0` })],
    ['wrong tenant', jwks_ => jwks_.issue({ tid: '00000000-1111-2222-3333-444444444444' })],
    ['expired', jwks_ => jwks_.issue({}, { expiresInSec: -600 })],
    ['not yet valid', jwks_ => jwks_.issue({}, { notBeforeSec: 3600 })],
    ['bad signature', jwks_ => jwks_.issue({}, { foreignKey: true })],
    ['unknown signing key', jwks_ => jwks_.issue({}, { kid: 'rotated-away' })],
    ['unknown signing key', jwks_ => jwks_.issue({}, { kid: null })],
    ['wrong algorithm', jwks_ => jwks_.issue({}, { algorithm: 'HS256' })],
    ['missing scope', jwks_ => jwks_.issue({ scp: 'User.Read' })],
    ['missing scope', jwks_ => jwks_.issue({ scp: undefined, roles: ['access_as_user'] })],
    ['missing user', jwks_ => jwks_.issue({ oid: undefined })],
    ['malformed', () => 'not.a.jwt'],
  ] as Array<[string, (j: LocalJwks) => string]>)('refused with 401: %s', async (problem, make) => {
    const bad = make(jwks);
    const a = await get('/api/history', bad);
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ error: 'Sign-in required', problem });
    expect(a.body.items).toBeUndefined();
    // The refusal is logged with its reason; the token itself never is.
    expect(app.log.lines.join('\n')).not.toContain(bad);
  });

  test('a wrong scheme or a token in the query string does not count', async () => {
    expect((await get('/api/history', null, { authorization: `Basic ${token}` })).status).toBe(401);
    expect((await get(`/api/history?access_token=${token}`, null)).status).toBe(401);
  });

  test('start-up says how the API is protected', () => {
    const line = app.log.entries().find((e) => String(e.msg).startsWith('History tab API'));
    expect(line).toMatchObject({ level: 'info' });
    expect(String(line?.msg)).toContain(`audience ${TEST_AUDIENCE} or ${TEST_APP_ID}`);
  });

  test('unreachable signing keys are a 503 for the caller, not a 401 (verifier on its own)', async () => {
    const verify = createTeamsTokenVerifier({
      tenantId: TEST_TENANT_ID,
      audiences: [TEST_AUDIENCE],
      issuers: entraDefaults(TEST_TENANT_ID).issuers,
      jwksUri: 'http://127.0.0.1:9/keys',
    });
    await expect(verify(jwks.issue())).rejects.toBeInstanceOf(SigningKeysUnavailableError);
  });

  test('the verifier returns who signed in', async () => {
    const verify = createTeamsTokenVerifier({ tenantId: TEST_TENANT_ID, audiences: [TEST_AUDIENCE], issuers: entraDefaults(TEST_TENANT_ID).issuers, jwksUri: jwks.jwksUri });
    await expect(verify(jwks.issue())).resolves.toEqual({
      objectId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      tenantId: TEST_TENANT_ID,
      userName: 'dana@contoso.example',
      name: '運用 ダナ',
    });
  });

  test('the key store caches, refetches for an unknown kid at most once a minute, and rides out an outage', async () => {
    let clock = 1_000_000;
    const store = createJwksKeyStore({ jwksUri: jwks.jwksUri, now: () => clock, cacheMaxAgeMs: 60 * 60_000, staleGraceMs: 60 * 60_000 });
    const start = jwks.fetches();
    await store.getKey(jwks.kid);
    await store.getKey(jwks.kid);
    expect(jwks.fetches() - start).toBe(1);
    await expect(store.getKey('unknown')).rejects.toBeInstanceOf(SigningKeyNotFoundError);
    await expect(store.getKey('unknown')).rejects.toBeInstanceOf(SigningKeyNotFoundError);
    expect(jwks.fetches() - start).toBe(1); // within a minute of the last fetch: no refetch
    clock += 61_000;
    await expect(store.getKey('unknown')).rejects.toBeInstanceOf(SigningKeyNotFoundError);
    expect(jwks.fetches() - start).toBe(2);

    const down = createJwksKeyStore({ jwksUri: 'http://127.0.0.1:9/keys', now: () => clock });
    await expect(down.getKey(jwks.kid)).rejects.toBeInstanceOf(JwksUnavailableError);

    // Keys fetched before an outage keep working for the grace period after they expire, then no longer.
    const shortLived = await startLocalJwks();
    const outage = createJwksKeyStore({ jwksUri: shortLived.jwksUri, now: () => clock, cacheMaxAgeMs: 60_000, staleGraceMs: 60_000 });
    await outage.getKey(shortLived.kid);
    await shortLived.close();
    clock += 90_000;
    await expect(outage.getKey(shortLived.kid)).resolves.toBeDefined();
    clock += 60_000;
    await expect(outage.getKey(shortLived.kid)).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  test('loopback detection', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.5')).toBe(false);
    expect(isLoopback('::ffff:192.168.1.20')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});

describe('GET /api/history', () => {
  test('newest first, without internal fields, UTF-8 job names intact', async () => {
    const a = await get('/api/history?limit=200');
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/application\/json/);
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(items(a).map((i) => i.id)).toEqual(newestFirst().map((r) => r.id));
    expect(a.body.nextCursor).toBeUndefined();
    const first = items(a)[0];
    expect(first).toMatchObject({ jobName: SEED_JOBS.exchange.jobName, result: 'Failed', errorMessage: 'Exchange DB01: VSS writer がタイムアウトしました。' });
    expect(first).not.toHaveProperty('runKey');
    expect(first).not.toHaveProperty('extra');
    expect(first).not.toHaveProperty('alertPending');
  });

  test('filters by job name (Japanese, and full-width/case variants) and by job id', async () => {
    const name = SEED_JOBS.fileServer.jobName;
    const expected = seeded.filter((r) => r.jobName === name).length;
    const byName = await get(`/api/history?limit=200&job=${encodeURIComponent(name)}`);
    expect(items(byName)).toHaveLength(expected);
    expect(new Set(items(byName).map((i) => i.jobName))).toEqual(new Set([name]));
    const fullWidth = await get(`/api/history?limit=200&job=${encodeURIComponent('ＶＭ backup JOB 1')}`);
    expect(items(fullWidth)).toHaveLength(seeded.filter((r) => r.jobName === 'VM Backup Job 1').length);
    const byId = await get(`/api/history?limit=200&job=${SEED_JOBS.sql.jobId}`);
    expect(items(byId)).toHaveLength(seeded.filter((r) => r.jobName === SEED_JOBS.sql.jobName).length);
  });

  test('filters by result (comma list, case-insensitive, or repeated)', async () => {
    const bad = seeded.filter((r) => r.result !== 'Success').length;
    for (const q of ['result=Failed,Warning', 'result=failed,%20warning', 'result=Failed&result=Warning']) {
      const a = await get(`/api/history?limit=200&${q}`);
      expect(items(a)).toHaveLength(bad);
      expect(items(a).every((i) => i.result === 'Failed' || i.result === 'Warning')).toBe(true);
    }
  });

  test('filters by date range: calendar days in the caller time zone, `to` day included', async () => {
    const tz = 'Asia/Tokyo';
    const now = new Date();
    const today = dayIn(tz, now);
    const threeDaysAgo = dayIn(tz, new Date(now.getTime() - 3 * 86_400_000));
    const a = await get(`/api/history?limit=200&from=${threeDaysAgo}&to=${today}&tz=${encodeURIComponent(tz)}`);
    const expected = seeded.filter((r) => dayIn(tz, r.endTime) >= threeDaysAgo && dayIn(tz, r.endTime) <= today);
    expect(items(a).map((i) => i.id).sort()).toEqual(expected.map((r) => r.id).sort());

    const onlyToday = await get(`/api/history?limit=200&from=${today}&to=${today}&tz=${encodeURIComponent(tz)}`);
    expect(items(onlyToday).every((i) => dayIn(tz, new Date(i.endTime)) === today)).toBe(true);
    expect(items(onlyToday).length).toBe(seeded.filter((r) => dayIn(tz, r.endTime) === today).length);
  });

  test('ISO times with an offset are taken as instants', async () => {
    const to = new Date(Date.now() - 10 * 86_400_000);
    const a = await get(`/api/history?limit=200&to=${encodeURIComponent(to.toISOString())}`);
    expect(items(a).length).toBe(seeded.filter((r) => r.endTime < to).length);
  });

  test('pages with the cursor until done, each run exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const a = await get(`/api/history?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(a.status).toBe(200);
      expect(items(a).length).toBeLessThanOrEqual(7);
      seen.push(...items(a).map((i) => i.id));
      cursor = a.body.nextCursor as string | undefined;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toEqual(newestFirst().map((r) => r.id));
  });

  test.each([
    ['result=Bogus', 'result', /comma-separated list of Success, Warning, Failed, None/],
    ['limit=0', 'limit', /whole number from 1 to 200/],
    ['limit=500', 'limit', /whole number from 1 to 200/],
    ['limit=ten', 'limit', /whole number/],
    ['from=yesterday', 'from', /YYYY-MM-DD/],
    ['to=2025-02-30T10:00', 'to', /ISO 8601/],
    ['cursor=not-a-cursor', 'cursor', /nextCursor/],
    ['tz=Mars%2FOlympus', 'tz', /IANA time zone/],
    ['utcOffset=900', 'utcOffset', /-840 to 840/],
    ['job=', 'job', /job name/],
    ['from=2025-03-10&to=2025-03-01', 'to', /after from/],
    ['colour=red', 'colour', /unknown parameter/],
  ])('400 naming the bad parameter: %s', async (query, field, problem) => {
    const a = await get(`/api/history?${query}`);
    expect(a.status).toBe(400);
    expect(a.body.error).toBe('Invalid query parameters');
    const details = a.body.details as Array<{ field: string; problem: string }>;
    expect(details).toContainEqual({ field, problem: expect.stringMatching(problem) });
  });

  test('bad parameters from an unauthenticated caller get 401, not a description of the API', async () => {
    expect((await get('/api/history?limit=0', null)).status).toBe(401);
  });
});

describe('GET /api/history/summary', () => {
  test('per-day counts for the last 30 days in the caller time zone, and totals over them', async () => {
    const tz = 'Asia/Tokyo';
    const a = await get(`/api/history/summary?days=30&tz=${encodeURIComponent(tz)}`);
    expect(a.status).toBe(200);
    const days = a.body.days as Array<{ day: string; Success: number; Warning: number; Failed: number }>;
    expect(days).toHaveLength(30);
    expect(days).toEqual(expectedDaily(seeded, tz, 30));
    expect(days[29].day).toBe(dayIn(tz, new Date()));
    expect(a.body).toMatchObject({ tz, utcOffsetMinutes: 540 });
    const inWindow = days.reduce((n, d) => ({ Success: n.Success + d.Success, Warning: n.Warning + d.Warning, Failed: n.Failed + d.Failed }), { Success: 0, Warning: 0, Failed: 0 });
    expect(a.body.counts).toEqual({ ...inWindow, None: 0, total: inWindow.Success + inWindow.Warning + inWindow.Failed });
    // The two old runs are outside the window.
    expect((a.body.counts as { total: number }).total).toBe(seeded.length - 2);
  });

  test('a fixed UTC offset works like a zone; days default to 30', async () => {
    const a = await get('/api/history/summary?utcOffset=-300');
    expect(a.body.utcOffsetMinutes).toBe(-300);
    expect(a.body.days).toEqual(expectedDaily(seeded, 'Etc/GMT+5', 30));
  });

  test('counts over an explicit range', async () => {
    const a = await get('/api/history/summary?from=2000-01-01&tz=UTC');
    expect((a.body.counts as { total: number }).total).toBe(seeded.length);
    expect(a.body.days).toHaveLength(30);
  });

  test.each([
    ['days=0', 'days'],
    ['days=1000', 'days'],
    ['tz=Nowhere', 'tz'],
    ['job=x', 'job'],
  ])('400 naming the bad parameter: %s', async (query, field) => {
    const a = await get(`/api/history/summary?${query}`);
    expect(a.status).toBe(400);
    expect((a.body.details as Array<{ field: string }>).map((d) => d.field)).toContain(field);
  });
});

describe('without MicrosoftAppId (local development mode)', () => {
  let dev: TestApp;
  beforeAll(async () => {
    dev = await startTestApp({});
    await seedHistory(dev.url);
  });
  afterAll(async () => {
    await dev?.dispose();
  });

  test('answers loopback callers without a token and says so at start-up', async () => {
    const a = await get('/api/history?limit=3', null, {}, dev.url);
    expect(a.status).toBe(200);
    expect(items(a)).toHaveLength(3);
    const warning = dev.log.entries().find((e) => String(e.msg).startsWith('History tab API'));
    expect(warning).toMatchObject({ level: 'warn' });
    expect(String(warning?.msg)).toContain('LOCAL DEVELOPMENT MODE');
  });

  test('refuses requests that came through a proxy (they may be remote users)', async () => {
    const proxied: Array<Record<string, string>> = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }];
    for (const h of proxied) {
      expect((await get('/api/history', null, h, dev.url)).status).toBe(401);
    }
  });
});

describe('MicrosoftAppId without a tenant id', () => {
  test('the API is closed (503) and start-up logs an error saying what to set', async () => {
    const closed = await startTestApp({ MicrosoftAppId: TEST_APP_ID, MicrosoftAppPassword: 'x-secret-value', MicrosoftAppType: 'MultiTenant' });
    try {
      const a = await get('/api/history', jwks.issue(), {}, closed.url);
      expect(a.status).toBe(503);
      expect(a.body.error).toMatch(/MicrosoftAppTenantId/);
      const line = closed.log.entries().find((e) => String(e.msg).startsWith('History tab API'));
      expect(line).toMatchObject({ level: 'error' });
    } finally {
      await closed.dispose();
    }
  });
});
