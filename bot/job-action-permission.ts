/**
 * Who may start, stop or retry: people listed in BOT_OPERATORS. When the list is empty the actions are off
 * for everyone, and the refusal says how to switch them on. Every refusal is written to the audit log.
 */
import type { JobAction } from '../cards/card-actions';
import { refusedCard } from '../cards/notice-cards';
import type { AdaptiveCard, CommandContext, CommandUser } from './command';

export function isOperator(user: CommandUser, operators: readonly string[]): boolean {
  const ids = [user.aadObjectId, user.userPrincipalName].filter((v): v is string => !!v).map((v) => v.toLowerCase());
  return ids.some((id) => operators.includes(id));
}

type PermissionContext = Pick<CommandContext, 'operatorsConfigured' | 'isOperator' | 'view' | 'user' | 'conversation' | 'store'>;

/** The refusal card, or undefined when the user may act. Records the refusal. */
export async function refusalFor(ctx: PermissionContext, action: JobAction, jobName: string): Promise<AdaptiveCard | undefined> {
  if (ctx.operatorsConfigured && ctx.isOperator) return undefined;
  const reason = ctx.operatorsConfigured ? 'not-operator' : 'no-operators';
  await ctx.store.audit.append({
    action,
    jobName: jobName.slice(0, 1000),
    actor: { id: ctx.user.id, name: ctx.user.name, aadObjectId: ctx.user.aadObjectId, userPrincipalName: ctx.user.userPrincipalName },
    conversationId: ctx.conversation.id,
    outcome: 'refused',
    detail: reason,
  });
  return refusedCard(ctx.view, { reason, action, who: ctx.user.userPrincipalName ?? ctx.user.aadObjectId ?? ctx.user.name ?? ctx.user.id });
}

export async function refuseUnlessOperator(ctx: PermissionContext & Pick<CommandContext, 'reply'>, action: JobAction, jobName: string): Promise<boolean> {
  const card = await refusalFor(ctx, action, jobName);
  if (card) await ctx.reply(card);
  return !!card;
}
