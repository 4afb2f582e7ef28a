/** What a simulated Veeam installation looks like; every field has a default. Loadable from JSON. */
import fs from 'node:fs';
import { z } from 'zod';

export const ScenarioSchema = z.object({
  seed: z.number().int().default(42),
  jobs: z.number().int().min(1).max(20000).default(12),
  repositories: z.number().int().min(1).max(200).default(3),
  /** Share of finished runs that fail / warn (0..1). */
  failureRate: z.number().min(0).max(1).default(0.1),
  warningRate: z.number().min(0).max(1).default(0.1),
  /** Simulated seconds a job run takes (uniform between min and max). */
  jobDurationSec: z.object({ min: z.number().positive(), max: z.number().positive() }).default({ min: 600, max: 3600 }),
  /** Simulated seconds per real second. 1 = real time; 600 = a 10-minute job in one second. */
  clockSpeed: z.number().positive().default(1),
  /** Added to every answer, real milliseconds. */
  latencyMs: z.number().min(0).default(0),
  /** VBR access token lifetime in real seconds (expires_in). */
  tokenLifetimeSec: z.number().int().positive().default(3600),
  /** EM logon sessions end after this many real seconds idle. */
  emIdleTimeoutSec: z.number().positive().default(900),
  /** Newest VBR REST revision the server speaks (older ones keep working). */
  vbrRevision: z.enum(['1.1-rev0', '1.1-rev1', '1.1-rev2', '1.2-rev0', '1.2-rev1', '1.3-rev0', '1.3-rev1']).default('1.3-rev1'),
  /** Server local UTC offset in minutes; VBR timestamps carry it (e.g. 540 = +09:00). */
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(540),
  /** Past runs per job generated at start. */
  historyPerJob: z.number().int().min(0).max(50).default(1),
  /** Start jobs when their daily schedule comes round. */
  scheduler: z.boolean().default(false),
  /** Largest page the server returns, whatever limit is asked for. */
  maxPageSize: z.number().int().positive().default(1000),
  users: z
    .array(z.object({ name: z.string(), password: z.string(), role: z.enum(['admin', 'operator', 'viewer']).default('admin') }))
    .default([{ name: 'administrator@veeam.local', password: 'Sim-Passw0rd!', role: 'admin' }]),
  serverName: z.string().default('vbr01.contoso.local'),
  /** Simulated time at start (ISO 8601); default is the real time, so clients' own clocks agree with it. */
  startTime: z.string().optional(),
  buildVersion: z.string().optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

export function parseScenario(input: ScenarioInput = {}): Scenario {
  return ScenarioSchema.parse(input);
}

export function loadScenarioFile(file: string): ScenarioInput {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ScenarioInput;
}
