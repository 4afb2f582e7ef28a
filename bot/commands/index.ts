/** The router's command table: a plain array, looked up by the first word (bot/parse-command.ts). */
import type { Command } from '../command';
import { alerts } from './alerts';
import { help } from './help';
import { history } from './history';
import { retry, start, stop } from './job-action-command';
import { jobs } from './jobs';
import { repos } from './repos';
import { status } from './status';

export const COMMANDS: readonly Command[] = [help, jobs, status, start, stop, retry, history, repos, alerts];
