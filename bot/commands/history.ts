/** `history [job] [failed] [N]` / `履歴 …`: stored runs, newest first, N (default 10), with a "next" button. */
import type { AdaptiveCard } from '../command';
import type { CardView } from '../../cards/card-view';
import { historyCard } from '../../cards/history-card';
import type { Store } from '../../store/store';
import type { Command } from '../command';
import { resolveJob } from '../resolve-job';

export const DEFAULT_HISTORY_COUNT = 10;
export const MAX_HISTORY_COUNT = 50;
const FAILED_WORDS = new Set(['failed', 'failures', 'failure', 'fail', 'errors', '失敗', 'エラー', '失敗のみ']);

export interface HistoryArgs {
  job?: string;
  failedOnly: boolean;
  limit: number;
}

/** "VM Backup Job 1 failed 20" → { job: 'VM Backup Job 1', failedOnly: true, limit: 20 }; words in any order at the ends. */
export function parseHistoryArgs(args: string): HistoryArgs {
  const words = args.normalize('NFKC').split(' ').filter(Boolean);
  let failedOnly = false;
  let limit = DEFAULT_HISTORY_COUNT;
  const isFlag = (w: string) => FAILED_WORDS.has(w.toLowerCase());
  const isCount = (w: string) => /^\d{1,4}(件)?$/.test(w);
  // Flags and the count are read from the ends, so job names with digits inside ("VM Backup Job 1") survive:
  // a number right after a word ending in "job" belongs to the name.
  const countAtEnd = () => {
    const last = words[words.length - 1];
    const before = words[words.length - 2];
    return isCount(last) && (before === undefined || !/job$/i.test(before));
  };
  for (;;) {
    if (words.length && isFlag(words[words.length - 1])) {
      failedOnly = true;
      words.pop();
    } else if (words.length && countAtEnd()) {
      limit = Number(words.pop()!.replace('件', ''));
    } else break;
  }
  while (words.length && isFlag(words[0])) {
    failedOnly = true;
    words.shift();
  }
  limit = Math.min(MAX_HISTORY_COUNT, Math.max(1, limit));
  const job = words.join(' ').trim();
  return { ...(job ? { job } : {}), failedOnly, limit };
}

export async function buildHistoryPage(store: Store, view: CardView, args: HistoryArgs, cursor?: string): Promise<AdaptiveCard> {
  const page = await store.history.list({ job: args.job, results: args.failedOnly ? ['Failed'] : undefined, limit: args.limit, cursor });
  return historyCard(view, { runs: page.items, job: args.job, failedOnly: args.failedOnly, limit: args.limit, nextCursor: page.nextCursor });
}

export const history: Command = {
  name: 'history',
  aliases: ['履歴', 'ヒストリー'],
  async run(ctx) {
    const args = parseHistoryArgs(ctx.args);
    if (args.job && ctx.veeam) {
      // Use Veeam's spelling of the name when it knows the job; history of deleted jobs still works as typed.
      const match = await ctx.veeam.findJob(args.job).catch(() => undefined);
      if (match?.kind === 'found') args.job = match.job.name;
      else if (match?.kind === 'ambiguous') return void (await resolveJob(ctx, ctx.veeam, args.job, 'history'));
    }
    await ctx.reply(await buildHistoryPage(ctx.store, ctx.view, args));
  },
};
