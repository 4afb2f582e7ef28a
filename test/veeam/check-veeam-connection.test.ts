/** The テスト接続 check, against the real simulator. */
import { checkVeeamConnection, formatCheckLines } from '../../veeam/check-veeam-connection';
import { captureLogger, startSim } from './veeam-test-kit';
import type { VeeamSimulator } from '../../veeam/simulator/veeam-simulator';

let sim: VeeamSimulator;
beforeAll(async () => {
  sim = await startSim({ scenario: { jobs: 12, repositories: 2 } });
});
afterAll(() => sim.close());

const base = () => ({ username: sim.credentials.username, password: sim.credentials.password, logger: captureLogger().logger, retryCount: 0, connectTimeoutMs: 1000 });

test.each(['vbr', 'em'] as const)('%s: all ✓ with flavour, user, job and repository counts', async (flavor) => {
  const lines = await checkVeeamConnection({ ...base(), baseUrl: flavor === 'vbr' ? sim.vbrUrl : sim.emUrl, tls: { caPem: sim.caPem } });
  const text = formatCheckLines(lines);
  expect(lines.every((l) => l.ok)).toBe(true);
  expect(text).toContain(`as ${sim.credentials.username}`);
  expect(text).toMatch(flavor === 'vbr' ? /VBR REST API v1, x-api-version 1\.3-rev1/ : /Enterprise Manager REST API, version latest/);
  expect(text).toMatch(/✓ Jobs \/ ジョブ: 12/);
  expect(text).toMatch(/✓ Repositories \/ リポジトリ: 2/);
  expect(text).not.toContain(sim.credentials.password);
});

test('untrusted certificate: ✗ TLS with what to set, and no login attempted', async () => {
  const before = sim.state.counters.tokenGrants;
  const lines = await checkVeeamConnection({ ...base(), baseUrl: sim.vbrUrl });
  expect(lines.map((l) => l.ok)).toEqual([true, false]);
  expect(lines[1].hint).toMatch(/VEEAM_CA_BUNDLE/);
  expect(lines[1].hint).toMatch(/証明書/);
  expect(sim.state.counters.tokenGrants).toBe(before);
});

test('wrong password: ✗ authenticated with the variables to check', async () => {
  const lines = await checkVeeamConnection({ ...base(), password: 'nope-nope', baseUrl: sim.vbrUrl, tls: { fingerprint: sim.fingerprint } });
  const auth = lines.find((l) => l.label.startsWith('Authenticated'))!;
  expect(auth.ok).toBe(false);
  expect(auth.hint).toMatch(/VEEAM_PASSWORD/);
});

test('nothing listening: ✗ reachable with the firewall / service hints', async () => {
  const lines = await checkVeeamConnection({ ...base(), baseUrl: 'https://127.0.0.1:1' });
  expect(lines).toHaveLength(1);
  expect(lines[0].ok).toBe(false);
  expect(lines[0].hint).toMatch(/firewall|ファイアウォール/);
});
