/** Builders that start valid and take overrides. */
import { randomUUID } from 'node:crypto';

/** The seed guide's sample body (テスト実行, ステップ2). */
export const SEED_SAMPLE_EVENT = {
  jobName: 'Test Backup Job',
  jobId: 'test-job-id',
  status: 'Success',
  backupSize: '1024000',
  duration: '1800',
  timestamp: '2024-01-15T10:30:00Z',
} as const;

export function makeJobEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jobName: 'VM Backup Job 1',
    jobId: '12345678-1234-1234-1234-123456789012',
    status: 'Failed',
    backupSize: 1073741824,
    duration: '00:42:33',
    timestamp: new Date().toISOString(),
    sessionId: randomUUID(),
    errorMessage: 'Processing SQL-NODE-02 Error: Failed to create VM snapshot.',
    ...overrides,
  };
}
