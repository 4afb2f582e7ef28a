/**
 * A local chat with the bot in the terminal. It talks to the bot exactly as Teams does: each line is a
 * Bot Framework message activity POSTed to /api/messages; the bot's replies and card updates arrive at the
 * connector stand-in (the activity's serviceUrl) and are printed as text; pressing a button posts the
 * adaptiveCard/action invoke and prints the card the bot answers with.
 *
 *   /lang ja|en   /tz Asia/Tokyo   /channel  /group  /personal   /quit   1 or "[Confirm]" presses a button
 */
import readline from 'node:readline';
import { cardActionInvoke, messageActivity, postActivity, type ConversationKind, type LocalUser, DEFAULT_USER } from './activity-builder';
import type { ConnectorCall, ConnectorStandIn } from './connector-stand-in';
import { renderCardAsText, type CardButton } from './render-card-as-text';

export interface ChatConsoleOptions {
  botUrl: string;
  connector: ConnectorStandIn;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user?: LocalUser;
  locale?: string;
  timezone?: string;
  /** Resolves when the bot has no background work left (card updates); used before exiting on end of input. */
  idle?: () => Promise<void>;
}

function cardIn(body: Record<string, unknown>): unknown {
  const attachments = (body.attachments ?? []) as Array<{ contentType?: string; content?: unknown }>;
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

export async function runChatConsole(o: ChatConsoleOptions): Promise<void> {
  const state = { locale: o.locale ?? 'en-US', timezone: o.timezone ?? 'UTC', kind: 'personal' as ConversationKind };
  let buttons: Array<CardButton & { cardId?: string }> = [];
  let nextButton = 1;
  const print = (s: string) => o.output.write(`${s}\n`);

  const show = (title: string, card: unknown, cardId?: string) => {
    const rendered = renderCardAsText(card, { firstButton: nextButton });
    nextButton += rendered.buttons.length;
    buttons.push(...rendered.buttons.map((b) => ({ ...b, cardId })));
    print(`\n${title}\n${rendered.text.replace(/^/gm, '  ')}`);
  };

  o.connector.onCall((call: ConnectorCall) => {
    if (call.status >= 300) return;
    // A new channel post (an alert) arrives as a create-conversation call with the activity inside.
    const activity = call.kind === 'createConversation' ? ((call.body.activity ?? {}) as Record<string, unknown>) : call.body;
    if (activity.type === 'typing') return print('  (bot is typing…)');
    const card = cardIn(activity);
    const where = elsewhere(call.conversationId);
    if (call.kind === 'update' && card) show(`bot updated card ${call.activityId}${where}:`, card, call.activityId);
    else if (call.kind === 'createConversation' && card) show('bot posted in the channel:', card, call.assignedId);
    else if (card) show(`bot${where}:`, card, call.assignedId);
    else if (typeof activity.text === 'string') print(`\nbot${where}: ${activity.text}`);
  });

  const base = () => ({ serviceUrl: o.connector.serviceUrl, kind: state.kind, locale: state.locale, timezone: state.timezone, user: o.user ?? DEFAULT_USER });
  /** " (in the personal chat)" and so on, when the bot writes to a conversation other than the one typed in. */
  const elsewhere = (conversationId: string | undefined): string => {
    const current = String((messageActivity('', base()).conversation as { id: string }).id).split(';')[0];
    if (!conversationId || conversationId.split(';')[0] === current) return '';
    const kind = conversationId.startsWith('a:') ? 'the personal chat' : conversationId.includes('@thread.tacv2') ? 'the channel' : 'the group chat';
    return ` (in ${kind})`;
  };

  const press = async (b: CardButton & { cardId?: string }) => {
    print(`  (pressing [${b.number}] ${b.title})`);
    const answer = await postActivity(o.botUrl, cardActionInvoke(b.verb, b.data, { ...base(), replyToId: b.cardId }));
    const value = (answer.body as { value?: unknown } | undefined)?.value;
    if (value) show(`bot replaced the card:`, value, b.cardId);
    else print(`  (invoke answered ${answer.status})`);
  };

  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    if (!text) return true;
    const [cmd, arg] = text.split(/\s+/, 2);
    switch (cmd) {
      case '/quit':
      case '/exit':
        return false;
      case '/lang':
        state.locale = arg?.toLowerCase().startsWith('ja') ? 'ja-JP' : 'en-US';
        print(`  (locale ${state.locale})`);
        return true;
      case '/tz':
        state.timezone = arg ?? 'UTC';
        print(`  (time zone ${state.timezone})`);
        return true;
      case '/channel':
      case '/personal':
      case '/group':
        state.kind = cmd === '/channel' ? 'channel' : cmd === '/group' ? 'groupChat' : 'personal';
        print(`  (conversation: ${state.kind}${state.kind === 'channel' ? ', messages carry an <at> mention of the bot' : ''})`);
        return true;
    }
    // A button is pressed by its number, or by its label in brackets ("[History]"); a bare word is always a
    // message, so typing `history` runs the command even when a card shows a History button.
    const bracketed = /^\[(.+)\]$/.exec(text)?.[1]?.toLowerCase();
    const button = buttons.find((b) => String(b.number) === text) ?? (bracketed ? [...buttons].reverse().find((b) => b.title.toLowerCase() === bracketed) : undefined);
    if (button) {
      await press(button);
      return true;
    }
    buttons = [];
    nextButton = 1;
    const answer = await postActivity(o.botUrl, messageActivity(text, base()));
    if (answer.status !== 200) print(`  (bot answered HTTP ${answer.status})`);
    return true;
  };

  const rl = readline.createInterface({ input: o.input, terminal: false });
  const interactive = (o.input as { isTTY?: boolean }).isTTY === true;
  const prompt = () => interactive && o.output.write('\nyou> ');
  prompt();
  for await (const line of rl) {
    if (interactive) o.output.write('');
    else print(`\nyou> ${line}`);
    const goOn = await handle(line).catch((err: unknown) => {
      print(`  (error: ${err instanceof Error ? err.message : String(err)})`);
      return true;
    });
    // Give the connector a moment to deliver the replies before the next line.
    await new Promise((r) => setTimeout(r, 150));
    if (!goOn) break;
    prompt();
  }
  rl.close();
  if (o.idle) await o.idle();
}
