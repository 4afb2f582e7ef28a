/**
 * Finds the first object key that appears twice in the same object of a JSON text already known to be valid.
 * JSON.parse keeps the last value silently; for a webhook that decides alerts, we would rather refuse.
 * Returns the dotted path of the key, or undefined.
 */
export function findDuplicateKey(json: string): string | undefined {
  const stack: Array<{ keys: Set<string> | null; path: string; index: number }> = [];
  let i = 0;
  let expectKey = false;
  let pendingKey: string | undefined;
  const current = () => stack[stack.length - 1];
  const childPath = () => {
    const top = current();
    if (!top) return '';
    const seg = top.keys ? (pendingKey ?? '') : String(top.index);
    return top.path ? `${top.path}.${seg}` : seg;
  };
  while (i < json.length) {
    const ch = json[i];
    if (ch === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      const str = JSON.parse(json.slice(i, j + 1)) as string;
      const top = current();
      if (top?.keys && expectKey) {
        if (top.keys.has(str)) return top.path ? `${top.path}.${str}` : str;
        top.keys.add(str);
        pendingKey = str;
        expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      const path = childPath();
      stack.push({ keys: ch === '{' ? new Set() : null, path, index: 0 });
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      const top = current();
      if (top?.keys) expectKey = true;
      else if (top) top.index += 1;
    }
    i += 1;
  }
  return undefined;
}
