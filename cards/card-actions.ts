/**
 * Every Action.Execute verb the bot's cards use (app-wide unique, dotted by area) and the zod schema of each
 * verb's `data`. Cards build data of these types; bot/actions/ parses incoming data with the same schemas,
 * so a button and its handler cannot disagree and nothing arrives as `any`.
 */
import { z } from 'zod';

export const JOB_ACTIONS = ['start', 'stop', 'retry'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export const VERBS = {
  startConfirm: 'job.start.confirm',
  stopConfirm: 'job.stop.confirm',
  retryConfirm: 'job.retry.confirm',
  actionCancel: 'job.action.cancel',
  pickJob: 'job.pick',
  jobsMore: 'jobs.more',
  historyMore: 'history.more',
  showHelp: 'help.show',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

export const CONFIRM_VERB: Record<JobAction, Verb> = {
  start: VERBS.startConfirm,
  stop: VERBS.stopConfirm,
  retry: VERBS.retryConfirm,
};

/** Confirm a start/stop/retry. `claim` is the action's idempotency key (one per confirm card). */
export const ConfirmJobActionSchema = z.object({
  jobId: z.string().min(1).max(200),
  jobName: z.string().min(1).max(1000),
  claim: z.string().min(1).max(400),
});
export type ConfirmJobActionData = z.infer<typeof ConfirmJobActionSchema>;

export const CancelJobActionSchema = z.object({
  action: z.enum(JOB_ACTIONS),
  jobName: z.string().min(1).max(1000),
});
export type CancelJobActionData = z.infer<typeof CancelJobActionSchema>;

/** A candidate chosen from an "which job did you mean?" card: run `command` for that job. */
export const PICKABLE_COMMANDS = ['status', 'start', 'stop', 'retry', 'history'] as const;
export type PickableCommand = (typeof PICKABLE_COMMANDS)[number];
export const PickJobSchema = z.object({
  command: z.enum(PICKABLE_COMMANDS),
  jobName: z.string().min(1).max(1000),
});
export type PickJobData = z.infer<typeof PickJobSchema>;

export const JobsMoreSchema = z.object({
  filter: z.string().max(500).default(''),
  offset: z.number().int().min(0).max(1_000_000),
});
export type JobsMoreData = z.infer<typeof JobsMoreSchema>;

export const HistoryMoreSchema = z.object({
  job: z.string().max(1000).optional(),
  failedOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(50),
  cursor: z.string().min(1).max(500),
});
export type HistoryMoreData = z.infer<typeof HistoryMoreSchema>;

export const ShowHelpSchema = z.object({}).passthrough();
