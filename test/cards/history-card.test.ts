import { historyCard } from '../../cards/history-card';

test('a history entry still in progress says when it was reported, not when it "ended"', () => {
  const run = {
    id: 'r1', runKey: 'k', source: 'webhook' as const, jobId: 'j', jobName: 'Running Job', result: 'None' as const, finished: false,
    endTime: new Date('2026-01-01T00:00:00Z'), objects: [], receivedAt: new Date('2026-01-01T00:00:00Z'),
  };
  for (const [locale, reported, ended] of [['en', 'reported', 'ended'], ['ja', '報告', '終了']] as const) {
    const json = JSON.stringify(historyCard({ locale, timeZone: 'UTC' }, { runs: [run], failedOnly: false, limit: 10 }));
    expect(json).toContain(reported);
    expect(json).not.toContain(ended);
  }
});
