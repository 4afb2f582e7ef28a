/**
 * Enterprise Manager's query-service filter language, enough for the simulator:
 * `a==b;c>=d` (AND with `;`), `a==b,a==c` (OR with `,`), quoted values, and enum order for Result.
 */
export type Row = Record<string, string | number | undefined>;

const RESULT_ORDER = ['Success', 'Warning', 'Failed'];

function compare(field: string, actual: string | number | undefined, expected: string): number | undefined {
  if (actual === undefined) return undefined;
  if (typeof actual === 'number') {
    const e = Date.parse(expected);
    return Number.isNaN(e) ? actual - Number(expected) : actual - e;
  }
  if (field.toLowerCase() === 'result') {
    const a = RESULT_ORDER.indexOf(actual);
    const b = RESULT_ORDER.findIndex((r) => r.toLowerCase() === expected.toLowerCase());
    if (a >= 0 && b >= 0) return a - b;
  }
  return actual.toLowerCase().localeCompare(expected.toLowerCase());
}

function term(row: Row, text: string): boolean {
  const m = /^\s*(\w+)\s*(==|!=|>=|<=|>|<)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new Error(`Bad filter term: ${text}`);
  const [, field, op, rawValue] = m;
  const value = rawValue.replace(/^"(.*)"$/, '$1');
  const key = Object.keys(row).find((k) => k.toLowerCase() === field.toLowerCase());
  if (!key) throw new Error(`Unknown filter field: ${field}`);
  const c = compare(field, row[key], value);
  if (c === undefined) return op === '!=';
  switch (op) {
    case '==': return c === 0;
    case '!=': return c !== 0;
    case '>=': return c >= 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    default: return c < 0;
  }
}

/** Splits on a separator outside quotes. */
function split(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function compileFilter(filter: string | null): (row: Row) => boolean {
  if (!filter) return () => true;
  const ands = split(filter.replace(/[()]/g, ''), ';').map((part) => split(part, ','));
  return (row) => ands.every((ors) => ors.some((t) => term(row, t)));
}
