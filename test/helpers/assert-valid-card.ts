/**
 * Parses a card with the Adaptive Cards SDK (the renderer Teams builds on) and fails on any parse or validation
 * warning, on a missing or unexpected `version`, or on a card over the size budget. Reusable by every card test.
 *
 *   assertValidCard(card)                 // version 1.4, ≤ 28 KB
 *   cardProblems(card)                    // the same checks, as a list (for custom assertions)
 */
import { CARD_VERSION, MAX_CARD_BYTES, cardBytes } from '../../cards/card-version';

// The package main is ESM without extensions and does not load in Node; the UMD bundle does (docs/toolchain.md).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: Array<{ message: string }> } };
  SerializationContext: new (version?: unknown) => { eventCount: number; getEventAt(i: number): { message: string } };
  Versions: Record<string, unknown>;
};

export interface CardCheckOptions {
  /** Default 1.4 (cards/card-version.ts). */
  version?: string;
  maxBytes?: number;
}

export function cardProblems(card: unknown, options: CardCheckOptions = {}): string[] {
  const version = options.version ?? CARD_VERSION;
  const maxBytes = options.maxBytes ?? MAX_CARD_BYTES;
  const problems: string[] = [];
  const json = card as { type?: unknown; version?: unknown };
  if (json?.type !== 'AdaptiveCard') problems.push(`type is ${String(json?.type)}, expected AdaptiveCard`);
  if (json?.version !== version) problems.push(`version is ${String(json?.version)}, expected ${version}`);
  const bytes = cardBytes(card);
  if (bytes > maxBytes) problems.push(`card is ${bytes} bytes, over the ${maxBytes}-byte budget`);
  const target = AC.Versions[`v${version.replace('.', '_')}`];
  const ctx = new AC.SerializationContext(target);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}

export function assertValidCard(card: unknown, options: CardCheckOptions = {}): void {
  const problems = cardProblems(card, options);
  if (problems.length) throw new Error(`card is not valid:\n  ${problems.join('\n  ')}`);
}
