/**
 * Finds a job by the name a person typed: exact first, then ignoring case, full-/half-width
 * (ＶＭ → VM, ｶﾀｶﾅ → カタカナ) and whitespace (including the ideographic space), then partial.
 */
import type { JobMatch, VeeamJob } from './veeam-client';

const MAX_CANDIDATES = 20;

/** NFKC folds full-width Latin and half-width katakana; then case and every kind of space go. */
export function normalizeJobName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\u3000]+/g, '');
}

function byName(a: VeeamJob, b: VeeamJob): number {
  return a.name.length - b.name.length || a.name.localeCompare(b.name);
}

function decide(hits: VeeamJob[]): JobMatch | undefined {
  if (hits.length === 1) return { kind: 'found', job: hits[0] };
  if (hits.length > 1) return { kind: 'ambiguous', candidates: [...hits].sort(byName).slice(0, MAX_CANDIDATES) };
  return undefined;
}

/** Character bigrams of the normalised name, for "did you mean" suggestions. */
function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  if (s.length === 1) out.add(s);
  return out;
}

export function matchJobName(jobs: readonly VeeamJob[], typed: string): JobMatch {
  const trimmed = typed.trim();
  const exact = decide(jobs.filter((j) => j.name === trimmed));
  if (exact) return exact;
  const wanted = normalizeJobName(trimmed);
  if (!wanted) return { kind: 'not-found', suggestions: [] };
  const normalized = jobs.map((j) => ({ job: j, key: normalizeJobName(j.name) }));
  const loose = decide(normalized.filter((n) => n.key === wanted).map((n) => n.job));
  if (loose) return loose;
  const partial = decide(normalized.filter((n) => n.key.includes(wanted)).map((n) => n.job));
  if (partial) return partial;
  const want = bigrams(wanted);
  const scored = normalized
    .map((n) => {
      const have = bigrams(n.key);
      let common = 0;
      for (const g of want) if (have.has(g)) common++;
      return { job: n.job, score: (2 * common) / (want.size + have.size || 1) };
    })
    .filter((s) => s.score >= 0.4)
    .sort((a, b) => b.score - a.score || byName(a.job, b.job));
  return { kind: 'not-found', suggestions: scored.slice(0, 5).map((s) => s.job) };
}
