/**
 * Adaptive Card JSON → readable terminal text, for the demo console. Pure. Buttons are listed as
 * "[1] Confirm" so a person can press one by its number (or its label in brackets); the returned `buttons` say what each does.
 */
export interface CardButton {
  number: number;
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

export interface RenderedCard {
  text: string;
  buttons: CardButton[];
}

type Node = Record<string, unknown>;

const BAR_WIDTH = 30;

function stripMarkdown(s: string): string {
  return s.replace(/\*\*(.+?)\*\*/g, '$1');
}

export function renderCardAsText(card: unknown, options: { width?: number; firstButton?: number } = {}): RenderedCard {
  const lines: string[] = [];
  const buttons: CardButton[] = [];
  let next = options.firstButton ?? 1;

  const addButtons = (actions: unknown, indent: string) => {
    if (!Array.isArray(actions) || !actions.length) return;
    const labels = (actions as Node[]).map((a) => {
      const title = String(a.title ?? '');
      if (a.type === 'Action.Execute') buttons.push({ number: next, title, verb: String(a.verb), data: (a.data ?? {}) as Record<string, unknown> });
      return `[${next++}] ${title}`;
    });
    lines.push(indent + labels.join('  '));
  };

  const walk = (node: Node, indent: string) => {
    switch (node.type) {
      case 'TextBlock': {
        const raw = stripMarkdown(String(node.text ?? ''));
        if (!raw.trim()) return;
        const marker = node.color === 'attention' ? '! ' : node.color === 'warning' ? '~ ' : '';
        const textLine = node.weight === 'bolder' && node.size === 'medium' ? `== ${raw} ==` : raw;
        for (const l of textLine.split('\n')) lines.push(`${indent}${marker}${l}`);
        return;
      }
      case 'FactSet': {
        const facts = (node.facts ?? []) as Array<{ title: string; value: string }>;
        const w = Math.max(0, ...facts.map((f) => f.title.length));
        for (const f of facts) lines.push(`${indent}  ${f.title.padEnd(w)}  ${f.value}`);
        return;
      }
      case 'Container':
        if (node.separator) lines.push(`${indent}${'-'.repeat(20)}`);
        for (const item of (node.items ?? []) as Node[]) walk(item, indent);
        return;
      case 'ColumnSet': {
        const cols = (node.columns ?? []) as Node[];
        const isBar = cols.length > 0 && cols.every((c) => typeof c.width === 'number' && ((c.items ?? []) as Node[]).every((i) => !String(i.text ?? '').trim()));
        if (isBar) {
          const total = cols.reduce((a, c) => a + Number(c.width), 0) || 1;
          const filled = Math.round((Number(cols[0].width) / total) * BAR_WIDTH);
          lines.push(`${indent}[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`);
          return;
        }
        for (const c of cols) for (const item of (c.items ?? []) as Node[]) walk(item, indent);
        return;
      }
      case 'ActionSet':
        addButtons(node.actions, indent);
        return;
      default:
        if (Array.isArray(node.items)) for (const item of node.items as Node[]) walk(item, indent);
    }
  };

  const root = (card ?? {}) as Node;
  for (const item of (root.body ?? []) as Node[]) walk(item, '');
  addButtons(root.actions, '');
  return { text: lines.join('\n'), buttons };
}
