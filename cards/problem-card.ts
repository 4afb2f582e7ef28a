/**
 * A friendly card for something that went wrong: what happened and what to check. The bot decides WHICH
 * problem it is (bot/explain-error.ts); this only renders it. Never shows stack traces, tokens or secrets:
 * the only free text is Veeam's own message (clipped) and a log reference.
 */
import type { AdaptiveCard } from '../bot/command';
import type { MessageKey } from '../i18n/catalog';
import { tr, type CardView } from './card-view';
import { card, container, heading, text } from './elements';
import { clip } from './fit-card';

export type ProblemKind =
  | 'unreachable' | 'tls' | 'auth' | 'forbidden' | 'notFound' | 'notSupported' | 'veeam' | 'outcomeUnknown' | 'store' | 'unknown' | 'badAction';

export interface Problem {
  kind: ProblemKind;
  /** Veeam's own words (kind 'veeam'). */
  veeamMessage?: string;
  /** Job name, for hints such as "status <job>". */
  jobName?: string;
  /** A short id to find the log line (kind 'unknown'). */
  ref?: string;
}

const TEXTS: Record<ProblemKind, { title: MessageKey; text: MessageKey; checks: MessageKey[] }> = {
  unreachable: { title: 'bot.error.unreachable.title', text: 'bot.error.unreachable.text', checks: ['bot.error.unreachable.check1', 'bot.error.unreachable.check2'] },
  tls: { title: 'bot.error.tls.title', text: 'bot.error.tls.text', checks: ['bot.error.tls.check1'] },
  auth: { title: 'bot.error.auth.title', text: 'bot.error.auth.text', checks: ['bot.error.auth.check1'] },
  forbidden: { title: 'bot.error.forbidden.title', text: 'bot.error.forbidden.text', checks: ['bot.error.forbidden.check1'] },
  notFound: { title: 'bot.error.notFound.title', text: 'bot.error.notFound.text', checks: ['bot.error.notFound.check1'] },
  notSupported: { title: 'bot.error.notSupported.title', text: 'bot.error.notSupported.text', checks: ['bot.error.notSupported.check1'] },
  veeam: { title: 'bot.error.veeam.title', text: 'bot.error.veeam.text', checks: ['bot.error.veeam.check1'] },
  outcomeUnknown: { title: 'bot.error.outcomeUnknown.title', text: 'bot.error.outcomeUnknown.text', checks: ['bot.error.outcomeUnknown.check1'] },
  store: { title: 'bot.error.store.title', text: 'bot.error.store.text', checks: ['bot.error.store.check1'] },
  unknown: { title: 'bot.error.unknown.title', text: 'bot.error.unknown.text', checks: ['bot.error.unknown.check1'] },
  badAction: { title: 'bot.error.badAction.title', text: 'bot.error.badAction.text', checks: [] },
};

export function problemCard(view: CardView, problem: Problem): AdaptiveCard {
  const t = tr(view);
  const texts = TEXTS[problem.kind];
  const statusWord = view.locale === 'ja' ? '状態' : 'status';
  const params = {
    message: clip(problem.veeamMessage ?? '', 500),
    jobs: view.locale === 'ja' ? 'ジョブ' : 'jobs',
    status: `${statusWord} ${clip(problem.jobName ?? '', 120)}`.trim(),
    ref: problem.ref ?? '-',
  };
  const body = problem.kind === 'veeam' && !problem.veeamMessage ? t('bot.error.veeam.textNoMessage') : t(texts.text, params);
  return card([
    container([heading(t(texts.title), 'attention'), text(body, { spacing: 'none' })], { style: 'attention' }),
    ...(texts.checks.length
      ? [text(t('bot.error.checks'), { weight: 'bolder' }), ...texts.checks.map((k) => text(`- ${t(k, params)}`, { spacing: 'none' }))]
      : []),
  ]);
}
