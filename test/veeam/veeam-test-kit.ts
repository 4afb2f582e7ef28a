/** Shared set-up for the Veeam tests: a real simulator, a client for it, and a capturing logger. */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../logger';
import { startVeeamSimulator, type VeeamSimulator, type VeeamSimulatorOptions } from '../../veeam/simulator/veeam-simulator';
import { createVeeamClient } from '../../veeam/create-veeam-client';
import type { VeeamClientOptions } from '../../veeam/veeam-client-options';
import type { VeeamClient } from '../../veeam/veeam-client';

export const SPEC_DIR = path.resolve(__dirname, '../../../shared/veeam-openapi');
export const hasSpecs = fs.existsSync(path.join(SPEC_DIR, 'vbr_rest_1.2-rev1.json')) && fs.existsSync(path.join(SPEC_DIR, 'vbr_rest_1.3-rev1.json'));

export interface CapturedLog {
  logger: Logger;
  lines: string[];
}

/** A real pino logger whose lines are kept, to assert on what would be written. */
export function captureLogger(secrets: string[] = []): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', destination, secrets }), lines };
}

export async function startSim(options: VeeamSimulatorOptions = {}): Promise<VeeamSimulator> {
  return startVeeamSimulator({
    ...options,
    specDir: options.specDir ?? (hasSpecs ? SPEC_DIR : undefined),
    scenario: { jobs: 30, clockSpeed: 1, jobDurationSec: { min: 60, max: 120 }, ...options.scenario },
  });
}

export async function clientFor(sim: VeeamSimulator, flavor: 'vbr' | 'em', extra: Partial<VeeamClientOptions> = {}): Promise<VeeamClient> {
  return createVeeamClient({
    baseUrl: flavor === 'vbr' ? sim.vbrUrl : sim.emUrl,
    username: sim.credentials.username,
    password: sim.credentials.password,
    flavor: 'auto',
    tls: { verify: true, caPem: sim.caPem },
    retryCount: 2,
    retryDelayMs: 10,
    connectTimeoutMs: 2000,
    timeoutMs: 5000,
    taskPollIntervalMs: 20,
    logger: extra.logger ?? captureLogger().logger,
    ...extra,
  });
}
