/**
 * Builds the card an outbox entry stands for, at send time (so the conversation's current language and time zone
 * are used and a digest shows every run folded in so far). Reads the store; the card itself is a pure function.
 */
import { buildAlertCard } from '../cards/alert-card';
import { buildDigestCard } from '../cards/digest-card';
import type { CardView } from '../cards/card-view';
import type { JobRun } from '../events/job-run';
import { localeFrom } from '../i18n/locale';
import type { ConversationTarget } from '../store/conversation-store';
import type { HistoryStore } from '../store/history-store';
import type { OutboxEntry, OutboxStore, StormRule } from '../store/outbox-store';
import type { CardJson } from './notifier';

export interface RenderDeps {
  history: HistoryStore;
  outbox: OutboxStore;
  storm: StormRule;
  defaultTimeZone: string;
}

/** What to do with an entry: post a new card, update an earlier one, wait for something, or nothing at all. */
export type RenderedEntry =
  | { action: 'send'; card: CardJson }
  | { action: 'update'; card: CardJson; message: { activityId: string; conversationId: string } }
  | { action: 'wait'; reason: string }
  | { action: 'skip'; reason: string };

export function viewFor(target: ConversationTarget, defaultTimeZone: string): CardView {
  return { locale: localeFrom(target.locale), timeZone: target.timeZone ?? defaultTimeZone };
}

export async function renderOutboxEntry(entry: OutboxEntry, target: ConversationTarget, deps: RenderDeps): Promise<RenderedEntry> {
  const view = viewFor(target, deps.defaultTimeZone);
  switch (entry.kind) {
    case 'alert': {
      const run = entry.runId ? await deps.history.get(entry.runId) : undefined;
      if (!run) return { action: 'skip', reason: 'the run is no longer in the history' };
      return { action: 'send', card: buildAlertCard({ run }, view) };
    }
    case 'digest': {
      const folded = await deps.outbox.listFolded(entry.id);
      const runs = (await Promise.all(folded.map((f) => (f.runId ? deps.history.get(f.runId) : undefined)))).filter((r): r is JobRun => !!r);
      if (!runs.length) return { action: 'skip', reason: 'no runs in the digest' };
      const card = buildDigestCard({ runs, threshold: deps.storm.threshold, windowSec: Math.round(deps.storm.windowMs / 1000) }, view);
      return entry.activityId && entry.conversationId
        ? { action: 'update', card, message: { activityId: entry.activityId, conversationId: entry.conversationId } }
        : { action: 'send', card };
    }
    case 'recovery': {
      const original = entry.refEntryId ? await deps.outbox.get(entry.refEntryId) : undefined;
      if (!original) return { action: 'skip', reason: 'the original alert is gone' };
      if (original.status === 'pending') return { action: 'wait', reason: 'the original alert is not delivered yet' };
      if (original.status !== 'sent' || !original.activityId || !original.conversationId) {
        return { action: 'skip', reason: `the original alert was not delivered (${original.status})` };
      }
      const [failedRun, okRun] = await Promise.all([
        original.runId ? deps.history.get(original.runId) : undefined,
        entry.runId ? deps.history.get(entry.runId) : undefined,
      ]);
      if (!failedRun) return { action: 'skip', reason: 'the original run is no longer in the history' };
      const card = buildAlertCard({ run: failedRun, recovered: { at: okRun?.endTime ?? entry.createdAt } }, view);
      return { action: 'update', card, message: { activityId: original.activityId, conversationId: original.conversationId } };
    }
  }
}
