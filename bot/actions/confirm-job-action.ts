/**
 * Confirm on a start/stop/retry card. The claim (audit store, unique key, atomic across instances) decides
 * who runs it: the first confirm runs the action; a double click, a re-delivered invoke or a second copy of the
 * card gets "already confirmed" and nothing is sent to Veeam again.
 */
import { ConfirmJobActionSchema, VERBS, type ConfirmJobActionData, type JobAction } from '../../cards/card-actions';
import { jobProgressCard } from '../../cards/job-action-cards';
import { defineAction, type CardActionContext } from '../card-action';
import { refusalFor } from '../job-action-permission';
import { veeamOffCard } from '../../cards/notice-cards';
import { runJobAction } from '../run-job-action';

function displayName(user: CardActionContext['user']): string {
  return user.name ?? user.userPrincipalName ?? user.id;
}

function confirmAction(action: JobAction, verb: (typeof VERBS)[keyof typeof VERBS]) {
  return defineAction<ConfirmJobActionData>({
    verb,
    schema: ConfirmJobActionSchema,
    async run(ctx, data) {
      const refusal = await refusalFor(ctx, action, data.jobName);
      if (refusal) return refusal;
      const veeam = ctx.veeam;
      if (!veeam) return veeamOffCard(ctx.view);
      const now = ctx.clock.now();
      const claim = await ctx.store.audit.claim(data.claim, {
        action,
        jobId: data.jobId,
        jobName: data.jobName,
        actor: { id: ctx.user.id, name: ctx.user.name, aadObjectId: ctx.user.aadObjectId, userPrincipalName: ctx.user.userPrincipalName },
        conversationId: ctx.conversation.id,
        outcome: 'pending',
        at: now,
      });
      if (!claim.claimed) {
        ctx.logger.info({ claim: data.claim, auditId: claim.existing.id }, 'job action already claimed; not run again');
        return jobProgressCard(ctx.view, {
          action,
          jobName: data.jobName,
          requestedBy: claim.existing.actor.name ?? claim.existing.actor.id,
          requestedAt: claim.existing.at,
          phase: 'asking',
          now,
          alreadyHandled: { user: claim.existing.actor.name ?? claim.existing.actor.id, at: claim.existing.at },
        });
      }
      const requestedBy = displayName(ctx.user);
      const cardId = ctx.cardActivityId;
      ctx.background(`${action} ${data.jobName}`, () =>
        runJobAction({
          action,
          jobId: data.jobId,
          jobName: data.jobName,
          auditId: claim.record.id,
          requestedBy,
          requestedAt: now,
          view: ctx.view,
          veeam,
          audit: ctx.store.audit,
          clock: ctx.clock,
          polling: ctx.polling,
          logger: ctx.logger,
          update: async (card) => {
            if (cardId) await ctx.update(cardId, card);
            else await ctx.reply(card);
          },
        }),
      );
      return jobProgressCard(ctx.view, { action, jobName: data.jobName, requestedBy, requestedAt: now, phase: 'asking', now });
    },
  });
}

export const confirmStart = confirmAction('start', VERBS.startConfirm);
export const confirmStop = confirmAction('stop', VERBS.stopConfirm);
export const confirmRetry = confirmAction('retry', VERBS.retryConfirm);
