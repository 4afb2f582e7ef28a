/**
 * The one place the Adaptive Card schema version and the size budget are chosen.
 *
 * Version 1.4: Teams documents support up to 1.5 for bot cards, but 1.5 cards have been reported to show
 * "We're sorry, this card couldn't be displayed" in some Teams clients where the same card at 1.4 renders
 * (MicrosoftDocs/msteams-docs#9801, microsoft/AdaptiveCards#7676), and Teams mobile rejects cards without a
 * version. Universal Actions (Action.Execute), which our buttons use, need at least 1.4. So: 1.4, always set.
 *
 * Size: 28 KB is the strictest limit Teams applies to a card (Incoming Webhook); bot messages may be larger,
 * but keeping every card under 28 KB means a card can be sent any way we like and renders fast on mobile.
 */
export const CARD_VERSION = '1.4';

export const MAX_CARD_BYTES = 28 * 1024;

/** UTF-8 size of the card's JSON, as it goes on the wire. */
export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
