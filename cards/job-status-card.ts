/** `status <job>`: the job's last session with times, sizes, failed objects and Veeam's error lines. Pure. */
import type { AdaptiveCard } from '../bot/command';
import { formatBytes, formatDuration } from '../i18n/format';
import type { VeeamJob, VeeamLogLine, VeeamSessionDetails, VeeamTaskResult } from '../veeam/veeam-client';
import { resultColor, shortTime, tr, zoneName, type CardView } from './card-view';
import { card, container, facts, heading, text, type CardElement } from './elements';
import { clip, fitItems } from './fit-card';

export interface JobStatusData {
  job: VeeamJob;
  /** The last session, or undefined when the job never ran. */
  session?: VeeamSessionDetails;
  /** For the elapsed time of a running session. */
  now: Date;
}

type Problem = { kind: 'task'; task: VeeamTaskResult } | { kind: 'log'; line: VeeamLogLine };

const MESSAGE_CHARS = 400;

function problemItem(view: CardView, p: Problem): CardElement {
  const t = tr(view);
  if (p.kind === 'task') {
    return container([
      text(`**${clip(p.task.name, 120)}**: ${t(`result.${p.task.result}`)}`, { color: resultColor(p.task.result) }),
      ...(p.task.message ? [text(clip(p.task.message, MESSAGE_CHARS), { spacing: 'none', size: 'small' })] : []),
    ]);
  }
  const color = p.line.status === 'Failed' ? 'attention' : 'warning';
  return text(`${p.line.time ? `${shortTime(p.line.time, view)} · ` : ''}${clip(p.line.title, MESSAGE_CHARS)}`, { color, size: 'small' });
}

export function jobStatusCard(view: CardView, data: JobStatusData): AdaptiveCard {
  const t = tr(view);
  const { job, session } = data;
  const title = heading(t('bot.status.title', { job: clip(job.name, 120) }));
  const zone = text(t('bot.common.timesIn', { zone: zoneName(view) }), { size: 'small', isSubtle: true, spacing: 'none' });
  if (!session) {
    return card([title, text(t('bot.status.neverRan', { job: clip(job.name, 120) })), facts([[t('bot.status.jobState'), t(`bot.state.${job.status}`)], [t('bot.status.nextRun'), shortTime(job.nextRun, view)]]), zone]);
  }
  const end = session.endTime;
  const durationSec = ((end ?? data.now).getTime() - session.creationTime.getTime()) / 1000;
  const summary: Array<[string, string]> = [
    [t('bot.status.result'), session.finished ? t(`result.${session.result}`) : t(`bot.session.${session.state}`)],
    [t('bot.status.jobState'), t(`bot.state.${job.status}`)],
    [t('bot.status.started'), shortTime(session.creationTime, view)],
    [t('bot.status.ended'), end ? shortTime(end, view) : '—'],
    [t('bot.status.duration'), formatDuration(durationSec, view.locale)],
    [t('bot.status.processed'), formatBytes(session.processedSizeBytes, view.locale)],
    [t('bot.status.transferred'), formatBytes(session.transferredSizeBytes, view.locale)],
    [t('bot.status.nextRun'), shortTime(job.nextRun, view)],
  ];
  const badTasks = session.tasks.filter((x) => x.result === 'Failed' || x.result === 'Warning');
  const problems: Problem[] = [...badTasks.map((task) => ({ kind: 'task' as const, task })), ...session.problems.map((line) => ({ kind: 'log' as const, line }))];
  const head: CardElement[] = [
    title,
    zone,
    text(session.finished ? t(`result.${session.result}`) : t('bot.status.running', { percent: session.progressPercent ?? 0 }), {
      weight: 'bolder',
      color: resultColor(session.result),
    }),
    facts(summary),
    ...(session.message ? [text(t('bot.status.message', { message: clip(session.message, MESSAGE_CHARS) }), { size: 'small' })] : []),
  ];
  return fitItems(problems, (shown, hidden) => {
    const tasksShown = shown.filter((p) => p.kind === 'task');
    const logsShown = shown.filter((p) => p.kind === 'log');
    const body = [...head];
    if (session.tasks.length && !badTasks.length) body.push(text(t('bot.status.allObjectsOk', { count: session.tasks.length }), { color: 'good', separator: true }));
    if (tasksShown.length) {
      body.push(text(t('bot.status.objects', { count: badTasks.length, total: session.tasks.length }), { weight: 'bolder', separator: true }));
      body.push(...tasksShown.map((p) => problemItem(view, p)));
    }
    if (logsShown.length) {
      body.push(text(t('bot.status.problems'), { weight: 'bolder', separator: true }));
      body.push(...logsShown.map((p) => problemItem(view, p)));
    }
    if (hidden > 0) body.push(text(t('common.moreItems', { count: hidden }), { isSubtle: true }));
    return card(body);
  });
}
