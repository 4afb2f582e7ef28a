/**
 * The Teams edge of the bot: turns each activity into a CommandContext (language, zone, user, operator or
 * not, a reply channel) and hands it to the command table or the card-action table. Messages get a typing
 * indicator at once; if a command takes longer than a few seconds the turn ends (so Teams does not re-send)
 * and the command finishes in the background, replying through the stored conversation reference.
 */
import { TeamsActivityHandler, TeamsInfo, TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue } from 'botbuilder';
import type { CloudAdapter } from 'botbuilder';
import { unknownCommandCard } from '../cards/help-card';
import { helpCard } from '../cards/help-card';
import { problemCard } from '../cards/problem-card';
import { slowVeeamCard } from '../cards/notice-cards';
import { translator } from '../i18n/catalog';
import { safeTimeZone } from '../i18n/format';
import { localeFrom } from '../i18n/locale';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { VeeamClient } from '../veeam/veeam-client';
import { CARD_ACTIONS } from './actions';
import type { CardActionContext } from './card-action';
import type { AdaptiveCard, BotClock, CommandContext, CommandConversation, CommandUser, ConversationType, PollingSettings } from './command';
import { COMMANDS } from './commands';
import { explainError } from './explain-error';
import { isOperator } from './job-action-permission';
import { normalizeCommandText, type MentionEntity } from './normalize-command-text';
import { parseCommand } from './parse-command';
import { ReplyChannel } from './reply-channel';

export interface BotDeps {
  adapter: CloudAdapter;
  /** MicrosoftAppId ('' when auth is disabled locally). */
  appId: string;
  store: Store;
  /** Undefined when VEEAM_ENABLED is false. */
  veeam?: VeeamClient;
  logger: Logger;
  /** BOT_OPERATORS, lower case. */
  operators: readonly string[];
  defaultTimeZone: string;
  polling: PollingSettings;
  clock?: BotClock;
  /** How long a message turn waits for its command before finishing it in the background. Default 4 s. */
  replyDeadlineMs?: number;
  botName?: string;
}

export const realClock: BotClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Remembers the last few hundred activity ids, to drop Teams' re-sends of a slow message. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  /** True when the id was seen before; records it otherwise. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value as string);
    return false;
  }
}

function timeZoneOf(activity: TurnContext['activity'], fallback: string): string {
  const clientInfo = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as { timezone?: string } | undefined;
  const zone = activity.localTimezone || clientInfo?.timezone || fallback;
  return safeTimeZone(zone);
}

function conversationOf(activity: TurnContext['activity']): CommandConversation {
  const type = activity.conversation?.conversationType;
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
  return {
    id: activity.conversation?.id ?? '',
    type: (type === 'channel' || type === 'groupChat' ? type : 'personal') as ConversationType,
    tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id,
    teamId: channelData.team?.id,
    channelId: channelData.channel?.id,
  };
}

export class VeeamTeamsBot extends TeamsActivityHandler {
  private readonly recent = new RecentIds(1000);
  private readonly running = new Set<Promise<void>>();
  private readonly clock: BotClock;

  constructor(private readonly deps: BotDeps) {
    super();
    this.clock = deps.clock ?? realClock;
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  /** Resolves when every background task (progress polling, late replies) has finished. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private background(logger: Logger, name: string, task: () => Promise<void>): void {
    const p: Promise<void> = task()
      .catch((err: unknown) => logger.error({ err, task: name }, 'background task failed'))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  private async handleMessage(turn: TurnContext): Promise<void> {
    const activity = turn.activity;
    const logger = this.deps.logger.child({ activityId: activity.id, conversation: activity.conversation?.id });
    if (this.recent.seen(`${activity.conversation?.id}|${activity.id}`)) {
      logger.info('message delivered again; already handled');
      return;
    }
    const channel = new ReplyChannel(this.deps.adapter, this.deps.appId, TurnContext.getConversationReference(activity), turn);
    try {
      await channel.typing();
      const line = normalizeCommandText(activity.text, {
        botId: activity.recipient?.id,
        botName: this.deps.botName ?? activity.recipient?.name,
        entities: activity.entities as MentionEntity[] | undefined,
      });
      const ctx = await this.contextFor(turn, channel, logger);
      const work = this.runLine(line, ctx);
      if (!(await finishesWithin(work, this.deps.replyDeadlineMs ?? 4000))) {
        logger.info('command is slow; finishing it in the background');
        // Say so now (a slow Veeam can take longer than Teams waits); the answer follows when it comes.
        await ctx.reply(slowVeeamCard(ctx.view)).catch((err: unknown) => logger.warn({ err }, 'could not send the "still working" notice'));
        this.background(logger, 'late reply', () => work);
      }
    } finally {
      channel.detach();
    }
  }

  private async runLine(line: string, ctx: CommandContext): Promise<void> {
    const parsed = parseCommand(line, COMMANDS);
    try {
      if (parsed.kind === 'empty') return void (await ctx.reply(helpCard(ctx.view, { botName: ctx.botName })));
      if (parsed.kind === 'unknown') {
        return void (await ctx.reply(unknownCommandCard(ctx.view, { word: parsed.word, suggestion: parsed.suggestion, botName: ctx.botName })));
      }
      ctx.logger.info({ command: parsed.command.name }, 'command');
      await parsed.command.run({ ...ctx, args: parsed.args });
    } catch (err) {
      const problem = explainError(err, { jobName: parsed.kind === 'command' ? parsed.args : undefined });
      ctx.logger.warn({ err, ref: problem.ref, problem: problem.kind }, 'command failed');
      await ctx.reply(problemCard(ctx.view, problem));
    }
  }

  protected override async onAdaptiveCardInvoke(turn: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const activity = turn.activity;
    const logger = this.deps.logger.child({ activityId: activity.id, conversation: activity.conversation?.id, verb: value?.action?.verb });
    const channel = new ReplyChannel(this.deps.adapter, this.deps.appId, TurnContext.getConversationReference(activity), turn);
    const answer = (card: AdaptiveCard): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
    try {
      const ctx: CardActionContext = { ...(await this.contextFor(turn, channel, logger)), cardActivityId: activity.replyToId };
      const action = CARD_ACTIONS.find((a) => a.verb === value?.action?.verb);
      const data = action?.schema.safeParse(value?.action?.data ?? {});
      if (!action || !data?.success) {
        logger.warn({ issues: data && !data.success ? data.error.issues.length : undefined }, 'unknown verb or invalid card data');
        return answer(problemCard(ctx.view, { kind: 'badAction' }));
      }
      try {
        logger.info('card action');
        return answer(await action.run(ctx, data.data));
      } catch (err) {
        const problem = explainError(err);
        logger.warn({ err, ref: problem.ref, problem: problem.kind }, 'card action failed');
        return answer(problemCard(ctx.view, problem));
      }
    } finally {
      channel.detach();
    }
  }

  private async contextFor(turn: TurnContext, channel: ReplyChannel, logger: Logger): Promise<CommandContext> {
    const activity = turn.activity;
    const locale = localeFrom(activity.locale);
    const timeZone = timeZoneOf(activity, this.deps.defaultTimeZone);
    const user = await this.userOf(turn);
    const operators = this.deps.operators;
    return {
      args: '',
      activityId: activity.id ?? '',
      locale,
      timeZone,
      view: { locale, timeZone },
      t: translator(locale),
      botName: this.deps.botName ?? activity.recipient?.name ?? 'Veeam Backup Bot',
      user,
      conversation: conversationOf(activity),
      operatorsConfigured: operators.length > 0,
      isOperator: isOperator(user, operators),
      veeam: this.deps.veeam,
      store: this.deps.store,
      logger,
      clock: this.clock,
      polling: this.deps.polling,
      background: (name, task) => this.background(logger, name, task),
      reply: (message) => channel.send(message),
      update: (activityId, card) => channel.update(activityId, card),
    };
  }

  /** The sender; the UPN is looked up in Teams only when BOT_OPERATORS lists UPNs and the activity has none. */
  private async userOf(turn: TurnContext): Promise<CommandUser> {
    const from = turn.activity.from as { id: string; name?: string; aadObjectId?: string; userPrincipalName?: string };
    const user: CommandUser = { id: from.id, name: from.name, aadObjectId: from.aadObjectId, userPrincipalName: from.userPrincipalName };
    const wantsUpn = this.deps.operators.some((o) => o.includes('@'));
    if (!user.userPrincipalName && wantsUpn && !isOperator(user, this.deps.operators)) {
      try {
        const member = await TeamsInfo.getMember(turn, from.id);
        if (member?.userPrincipalName) user.userPrincipalName = member.userPrincipalName;
      } catch (err) {
        this.deps.logger.debug({ err }, 'could not look up the sender in Teams');
      }
    }
    return user;
  }
}

function finishesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}
