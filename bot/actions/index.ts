/** Every card action, keyed by its app-wide unique verb. */
import type { CardAction } from '../card-action';
import { cancelJobAction } from './cancel-job-action';
import { confirmRetry, confirmStart, confirmStop } from './confirm-job-action';
import { historyMore, jobsMore, showHelp } from './page-actions';
import { pickJob } from './pick-job';

export const CARD_ACTIONS: readonly CardAction<unknown>[] = [confirmStart, confirmStop, confirmRetry, cancelJobAction, pickJob, jobsMore, historyMore, showHelp];
