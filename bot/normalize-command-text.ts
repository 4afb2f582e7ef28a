/**
 * What the person typed, as a plain line: every <at>…</at> mention of the bot removed (Teams' own
 * removeRecipientMention only removes the first), other mentions kept as names, HTML tags and entities
 * (&nbsp; &amp; …) decoded, line breaks, non-breaking and full-width (ideographic) spaces made plain spaces.
 */
export interface MentionEntity {
  type?: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

const NAMED_ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

export function decodeHtmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in NAMED_ENTITIES) return NAMED_ENTITIES[lower];
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10), whole);
    return whole;
  });
}

function safeCodePoint(cp: number, fallback: string): string {
  return Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fallback;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function normalizeCommandText(text: string | undefined, options: { botId?: string; botName?: string; entities?: MentionEntity[] } = {}): string {
  let out = text ?? '';
  // Mentions of the bot: by the entity's exact text, and any <at>BotName</at> (Teams may vary the name's spacing).
  const botMentions = (options.entities ?? [])
    .filter((e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id === options.botId && e.text)
    .map((e) => e.text as string);
  for (const m of botMentions) out = out.split(m).join(' ');
  const names = [options.botName, ...(options.entities ?? []).filter((e) => e.mentioned?.id === options.botId).map((e) => e.mentioned?.name)].filter(
    (n): n is string => !!n,
  );
  for (const name of names) out = out.replace(new RegExp(`<at>\\s*${escapeRegExp(name)}\\s*</at>`, 'gi'), ' ');
  // Other people's mentions: keep the name.
  out = out.replace(/<at>(.*?)<\/at>/gi, '$1');
  // Line breaks as HTML, other tags, entities.
  out = out.replace(/<br\s*\/?>/gi, ' ').replace(/<\/?[a-z][^>]*>/gi, ' ');
  out = decodeHtmlEntities(out);
  return out.replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ').trim();
}
