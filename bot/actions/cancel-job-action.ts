import { CancelJobActionSchema, VERBS, type CancelJobActionData } from '../../cards/card-actions';
import { cancelledCard } from '../../cards/job-action-cards';
import { defineAction } from '../card-action';

export const cancelJobAction = defineAction<CancelJobActionData>({
  verb: VERBS.actionCancel,
  schema: CancelJobActionSchema,
  async run(ctx, data) {
    return cancelledCard(ctx.view, { action: data.action, jobName: data.jobName, user: ctx.user.name ?? ctx.user.id });
  },
});
