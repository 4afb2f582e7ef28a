/**
 * The shared size guard. Every card that shows a list builds through `fitItems`, which keeps as many items as
 * fit in MAX_CARD_BYTES and lets the card say "+N more"; `clip` shortens one long text (a Veeam error message
 * in Japanese can be kilobytes). `ensureFits` is the last line: a card is never sent over the budget.
 */
import type { AdaptiveCard } from '../bot/command';
import { MAX_CARD_BYTES, cardBytes } from './card-version';
import { card, text } from './elements';

/** At most `max` characters (code points, so no half surrogate pairs), with an ellipsis when cut. */
/**
 * Text from outside (job and object names, Veeam's messages, the scripts) passes through here before it goes
 * into a card: shortened to `max` characters, and with markdown link syntax made inert (a word joiner between
 * `]` and `(`), so a message like "[Sign in](http://…)" shows as text and never as a link in a channel.
 */
export function clip(value: string, max: number): string {
  const inert = value.replace(/\](\s*)\(/g, ']\u2060$1(');
  const chars = Array.from(inert);
  return chars.length <= max ? inert : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/**
 * The card with the largest prefix of `items` that fits. `build(shown, hidden)` renders the card showing
 * `shown` and mentioning `hidden` more. Binary search: a few builds even for thousands of items.
 */
export function fitItems<T>(items: readonly T[], build: (shown: T[], hidden: number) => AdaptiveCard, maxBytes = MAX_CARD_BYTES): AdaptiveCard {
  const all = build([...items], 0);
  if (cardBytes(all) <= maxBytes) return all;
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cardBytes(build(items.slice(0, mid), items.length - mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return ensureFits(build(items.slice(0, lo), items.length - lo), maxBytes);
}

/** Returns the card if it fits, else a minimal card saying it was too large (never throws, never sends > budget). */
export function ensureFits(built: AdaptiveCard, maxBytes = MAX_CARD_BYTES, tooLargeText = 'This card was too large to show. / カードが大きすぎて表示できません。'): AdaptiveCard {
  if (cardBytes(built) <= maxBytes) return built;
  return card([text(tooLargeText, { color: 'warning' })]);
}
