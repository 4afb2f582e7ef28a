/**
 * Drill: a fuzz run of malformed webhook bodies against the real in-process server. Every body is a 4xx — never a
 * 5xx, never a crash — and nothing is stored. fast-check generates the malformations; each one is certain to be
 * invalid (a valid event with exactly one thing broken, or something that is not a JSON object at all).
 */
import fc from 'fast-check';
import { makeJobEvent } from '../helpers/make-job-event';
import { startTestApp, TEST_WEBHOOK_SECRET, type TestApp } from '../helpers/start-test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOG_LEVEL: 'warn' });
});
afterAll(() => app.dispose());

interface Malformed {
  kind: string;
  body: string | Buffer;
  contentType?: string;
}

const json = (kind: string, value: unknown, contentType = 'application/json'): Malformed => ({ kind, body: JSON.stringify(value), contentType });
const base = () => makeJobEvent();
const withField = (field: string, value: unknown) => ({ ...base(), [field]: value });

const notAString = fc.oneof(fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }), fc.array(fc.integer(), { maxLength: 3 }));

const wrongTypes = fc.oneof(
  notAString.map((v) => json('jobId wrong type', withField('jobId', v))),
  fc.oneof(fc.integer(), fc.boolean(), fc.constantFrom('Succeeded', 'OK', 'failed!', 'Error', '成功', 'Warn', 'Success Success')).map((v) => json('status wrong', withField('status', v))),
  fc.oneof(fc.integer(), fc.boolean(), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^\s*\{?[0-9a-f-]{36}\}?\s*$/i.test(s) && s.trim() !== '')).map((v) => json('sessionId not a GUID', withField('sessionId', v))),
  fc.oneof(fc.boolean(), fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { minKeys: 1, maxKeys: 2 }), fc.constantFrom('yesterday', '15/01/2024', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z')).map((v) => json('timestamp wrong', withField('timestamp', v))),
  fc.oneof(fc.string({ minLength: 1 }), fc.integer(), fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.record({ name: fc.integer() })), { minLength: 1, maxLength: 3 })).map((v) => json('objects wrong', withField('objects', v))),
  fc.oneof(fc.constantFrom('abc', '1,024', '-5', '0x10'), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 })).map((v) => json('backupSize wrong', withField('backupSize', v))),
);

const missingFields = fc.constantFrom('jobId').map((field) => {
  const e = base();
  delete e[field];
  return json(`missing ${field}`, e);
});

const hugeStrings = fc.oneof(
  fc.integer({ min: 513, max: 20_000 }).map((n) => json('jobName too long', withField('jobName', 'ジ'.repeat(n)))),
  fc.integer({ min: 201, max: 5000 }).map((n) => json('jobId too long', withField('jobId', 'x'.repeat(n)))),
  fc.integer({ min: 65_537, max: 400_000 }).map((n) => json('errorMessage too long / body too large', withField('errorMessage', 'e'.repeat(n)))),
);

const deepNesting = fc.integer({ min: 33, max: 20_000 }).chain((depth) =>
  fc.constantFrom('objects', 'extraField', 'jobName').map((field) => ({
    kind: `nested ${depth} deep in ${field}`,
    body: JSON.stringify({ ...base(), [field]: 0 }).replace(`"${field}":0`, `"${field}":${'['.repeat(depth)}${']'.repeat(depth)}`),
    contentType: 'application/json',
  })),
);

const invalidUtf8 = fc.tuple(fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]), fc.nat()).map(([bytes, at]) => {
  const text = Buffer.from(JSON.stringify(withField('jobName', 'バックアップ-XXXX')));
  const marker = text.indexOf('XXXX');
  const pos = marker + (at % 4);
  return { kind: 'invalid UTF-8', body: Buffer.concat([text.subarray(0, pos), Buffer.from(bytes), text.subarray(pos)]), contentType: 'application/json' };
});

const wrongContentTypes = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', '', 'application/jsonp', 'application/json-patch').map((ct) => ({ ...json('wrong content type', base()), contentType: ct || undefined, kind: `content type "${ct}"` }));

const duplicateKeys = fc.constantFrom('jobId', 'status', 'sessionId', 'jobName', 'timestamp').map((field) => {
  const e = base();
  const text = JSON.stringify(e);
  return { kind: `duplicate ${field}`, body: text.replace(/}$/, `,"${field}":${JSON.stringify(field === 'status' ? 'Success' : e[field] ?? 'x')}}`), contentType: 'application/json' };
});

const outOfRange = fc.oneof(
  fc.constantFrom('-1', '1e400', '-1e400', '18014398509481984', '1e300').map((n) => ({ kind: `backupSize ${n}`, body: JSON.stringify(base()).replace(/"backupSize":\d+/, `"backupSize":${n}`), contentType: 'application/json' })),
  fc.constantFrom(-1, 1e12, 10 * 365 * 86400 + 1).map((n) => json(`duration ${n}`, withField('duration', n))),
  fc.constantFrom('1800-01-01T00:00:00Z', '2300-01-01T00:00:00Z', '/Date(99999999999999999)/', '/Date(-1)/').map((t) => json(`timestamp ${t}`, withField('timestamp', t))),
  fc.constantFrom('00:60:00', '1:2:3', '99999:00:00', '-01:00:00').map((d) => json(`duration "${d}"`, withField('duration', d))),
);

const notAnObject = fc.oneof(
  fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.integer(), fc.string(), fc.constant(null), fc.boolean()).map((v) => json('not an object', v)),
  fc.string({ maxLength: 50 }).filter((s) => {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v !== 'object' || v === null || Array.isArray(v);
    } catch {
      return true;
    }
  }).map((s) => ({ kind: 'not JSON', body: s, contentType: 'application/json' })),
  fc.integer({ min: 1, max: 200 }).map((cut) => {
    const text = JSON.stringify(base());
    return { kind: 'truncated JSON', body: text.slice(0, Math.min(cut, text.length - 1)), contentType: 'application/json' };
  }),
);

const malformed: fc.Arbitrary<Malformed> = fc.oneof(wrongTypes, missingFields, hugeStrings, deepNesting, invalidUtf8, wrongContentTypes, duplicateKeys, outOfRange, notAnObject);

test('1,000+ malformed bodies: every one a 4xx, no 5xx, no crash, nothing stored', async () => {
  const kinds = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(malformed, async (m) => {
      kinds.set(m.kind.replace(/\d+/g, 'N'), (kinds.get(m.kind.replace(/\d+/g, 'N')) ?? 0) + 1);
      const res = await fetch(`${app.url}/api/veeam/job-complete`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_WEBHOOK_SECRET}`, ...(m.contentType ? { 'content-type': m.contentType } : {}) },
        body: m.body,
      });
      const text = await res.text();
      if (res.status < 400 || res.status >= 500) throw new Error(`${m.kind}: answered ${res.status} ${text.slice(0, 200)}`);
    }),
    { numRuns: 1200, seed: Number(process.env.FUZZ_SEED ?? 20261203) },
  );
  expect(kinds.size).toBeGreaterThanOrEqual(9);
  expect(await app.store.history.countByResult({})).toEqual({ Success: 0, Warning: 0, Failed: 0, None: 0 });
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  expect(app.log.entries().filter((e) => e.level === 'error')).toEqual([]);
  // Control: the unbroken base event the malformations start from is accepted by the same server.
  const control = await fetch(`${app.url}/api/veeam/job-complete`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_WEBHOOK_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify(base()),
  });
  expect(control.status).toBe(200);
}, 90_000);
