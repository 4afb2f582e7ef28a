/**
 * Finds the command in a normalised line: the first word, case- and width-insensitive (ＪＯＢＳ = jobs), in
 * English or Japanese. Japanese users often type no space after the word (状態VM Backup Job 1), so a line that
 * starts with a Japanese alias also matches. Unknown words get the closest command as a suggestion.
 */
import type { Command } from './command';

export type ParsedCommand = { kind: 'command'; command: Command; word: string; args: string } | { kind: 'unknown'; word: string; suggestion?: string } | { kind: 'empty' };

export function foldWord(word: string): string {
  return word.normalize('NFKC').toLowerCase();
}

export function parseCommand(line: string, commands: readonly Command[]): ParsedCommand {
  const trimmed = line.trim();
  if (!trimmed) return { kind: 'empty' };
  const [first] = trimmed.split(' ', 1);
  const word = foldWord(first);
  const rest = trimmed.slice(first.length).trim();
  for (const command of commands) {
    if ([command.name, ...command.aliases].some((w) => foldWord(w) === word)) return { kind: 'command', command, word: first, args: rest };
  }
  const folded = foldWord(trimmed);
  for (const command of commands) {
    for (const alias of command.aliases.filter((a) => /[^\p{ASCII}]/u.test(a))) {
      if (folded.startsWith(foldWord(alias))) return { kind: 'command', command, word: alias, args: trimmed.slice(alias.length).trim() };
    }
  }
  return { kind: 'unknown', word: first, suggestion: closestWord(word, commands) };
}

/** The command word (in the script the person used) within edit distance 2, if any. */
function closestWord(word: string, commands: readonly Command[]): string | undefined {
  let best: { w: string; d: number } | undefined;
  if (Array.from(word).length < 2) return undefined;
  for (const c of commands) {
    for (const w of [c.name, ...c.aliases].filter((x) => Array.from(x).length >= 2)) {
      const d = editDistance(word, foldWord(w));
      const limit = w.length <= 3 ? 1 : 2;
      if (d <= limit && (!best || d < best.d)) best = { w, d };
    }
  }
  return best?.w;
}

export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const sub = prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      // Adjacent transposition ("jbos") counts as one edit.
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, sub);
    }
    prev = cur;
  }
  return prev[y.length];
}
