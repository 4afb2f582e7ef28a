/**
 * `alerts` / `通知`: show or change where failure alerts go.
 *   alerts                              this conversation's settings and delivery state
 *   alerts on [failed|warning|all] [job filter]     (通知 オン [失敗|警告|すべて] [フィルター])
 *   alerts off                                      (通知 オフ)
 * The conversation record exists already: the tracker stores it on every incoming activity, before commands run.
 */
import type { Command, CommandContext } from '../command';
import { type AlertLevel, type AlertSubscription, type ConversationTarget } from '../../store/conversation-store';
import { formatDateTime } from '../../i18n/format';

const ON_WORDS = ['on', 'オン', 'おん', '有効'];
const OFF_WORDS = ['off', 'オフ', 'おふ', '無効', '停止'];
const LEVEL_WORDS: Record<string, AlertLevel> = {
  failed: 'failed', failures: 'failed', failure: 'failed', fail: 'failed', 失敗: 'failed', エラー: 'failed',
  warning: 'warning', warnings: 'warning', warn: 'warning', 警告: 'warning',
  all: 'all', every: 'all', すべて: 'all', 全て: 'all', 全部: 'all',
};

export type AlertsRequest =
  | { kind: 'show' }
  | { kind: 'on'; level: AlertLevel; jobFilter?: string }
  | { kind: 'off' }
  | { kind: 'usage' };

/** Parses the words after the command (full-width letters and spaces allowed). Pure. */
export function parseAlertsArgs(args: string): AlertsRequest {
  const words = args.normalize('NFKC').trim().split(/\s+/u).filter(Boolean);
  if (!words.length) return { kind: 'show' };
  const first = words[0].toLowerCase();
  if (OFF_WORDS.includes(first)) return words.length === 1 ? { kind: 'off' } : { kind: 'usage' };
  if (!ON_WORDS.includes(first)) return { kind: 'usage' };
  let rest = words.slice(1);
  let level: AlertLevel = 'failed';
  const maybeLevel = rest[0] ? LEVEL_WORDS[rest[0].toLowerCase()] : undefined;
  if (maybeLevel) {
    level = maybeLevel;
    rest = rest.slice(1);
  }
  const jobFilter = rest.join(' ').trim();
  return { kind: 'on', level, ...(jobFilter ? { jobFilter: jobFilter.slice(0, 200) } : {}) };
}

function describeSubscription(ctx: CommandContext, sub: AlertSubscription): { level: string; filter: string } {
  return {
    level: ctx.t(`alerts.cmd.level.${sub.level}`),
    filter: sub.jobFilter ? ctx.t('alerts.cmd.filter', { filter: sub.jobFilter }) : '',
  };
}

async function show(ctx: CommandContext, target: ConversationTarget): Promise<void> {
  const lines: string[] = [];
  const sub = target.subscription;
  lines.push(sub?.enabled ? ctx.t('alerts.cmd.statusOn', describeSubscription(ctx, sub)) : ctx.t('alerts.cmd.statusOff'));
  const when = formatDateTime(target.statusChangedAt, ctx.locale, ctx.timeZone);
  if (target.status === 'unreachable') lines.push(ctx.t('alerts.cmd.unreachable', { reason: target.statusReason ?? '403', time: when }));
  if (target.status === 'removed') lines.push(ctx.t('alerts.cmd.removed', { time: when }));
  const counts = await ctx.store.outbox.countByStatus(target.id);
  lines.push(ctx.t('alerts.cmd.counts', { sent: counts.sent, pending: counts.pending, folded: counts.folded, failed: counts.failed }));
  await ctx.reply(lines.join('\n\n'));
}

/** The conversation's record id: the channel for a channel thread, the conversation otherwise (as the tracker stores it). */
export function targetIdOf(conversation: CommandContext['conversation']): string {
  return conversation.type === 'channel' && conversation.channelId ? conversation.channelId : conversation.id.split(';')[0];
}

export const alerts: Command = {
  name: 'alerts',
  aliases: ['通知', 'アラート'],
  async run(ctx) {
    const request = parseAlertsArgs(ctx.args);
    if (request.kind === 'usage') {
      await ctx.reply(ctx.t('alerts.cmd.usage'));
      return;
    }
    const id = targetIdOf(ctx.conversation);
    const target = await ctx.store.conversations.get(id);
    if (!target) {
      await ctx.reply(ctx.t('alerts.cmd.unknownConversation'));
      return;
    }
    if (request.kind === 'show') {
      await show(ctx, target);
      return;
    }
    const sub: AlertSubscription =
      request.kind === 'off'
        ? { ...(target.subscription ?? { level: 'failed' }), enabled: false }
        : { enabled: true, level: request.level, ...(request.jobFilter ? { jobFilter: request.jobFilter } : {}) };
    await ctx.store.conversations.setSubscription(id, sub, new Date());
    // `alerts on` is also how people say "try again here" after Teams refused a send (403).
    if (request.kind === 'on' && target.status === 'unreachable') await ctx.store.conversations.setStatus(id, 'active', undefined, new Date());
    ctx.logger.info({ conversationId: id, subscription: sub, user: ctx.user.aadObjectId ?? ctx.user.id }, 'alert subscription changed');
    await ctx.reply(request.kind === 'off' ? ctx.t('alerts.cmd.turnedOff') : ctx.t('alerts.cmd.turnedOn', describeSubscription(ctx, sub)));
  },
};

