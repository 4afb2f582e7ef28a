/** Small builders for Adaptive Card elements, so cards read as what they show. Pure. */
import type { AdaptiveCard } from '../bot/command';
import { CARD_VERSION } from './card-version';

export type CardElement = Record<string, unknown>;
export type TextColor = 'default' | 'good' | 'warning' | 'attention' | 'accent' | 'light' | 'dark';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextOptions {
  weight?: 'bolder' | 'lighter';
  size?: 'small' | 'medium' | 'large';
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: 'none' | 'small' | 'medium' | 'large';
  separator?: boolean;
  /** Wrap (default true): long Japanese lines must not be cut off on mobile. */
  wrap?: boolean;
  maxLines?: number;
}

export function text(value: string, options: TextOptions = {}): CardElement {
  const { wrap = true, ...rest } = options;
  return { type: 'TextBlock', text: value, wrap, ...rest };
}

export function heading(value: string, color?: TextColor): CardElement {
  return text(value, { weight: 'bolder', size: 'medium', ...(color ? { color } : {}) });
}

export function facts(list: Array<[string, string]>, options: { spacing?: TextOptions['spacing'] } = {}): CardElement {
  return { type: 'FactSet', facts: list.map(([title, value]) => ({ title, value })), ...options };
}

export function container(items: CardElement[], options: { style?: ContainerStyle; separator?: boolean; spacing?: TextOptions['spacing'] } = {}): CardElement {
  return { type: 'Container', items, ...options };
}

export function columns(cols: CardElement[], options: { spacing?: TextOptions['spacing']; separator?: boolean } = {}): CardElement {
  return { type: 'ColumnSet', columns: cols, ...options };
}

export function column(items: CardElement[], width: 'auto' | 'stretch' | number, options: { style?: ContainerStyle } = {}): CardElement {
  return { type: 'Column', width, items, ...options };
}

/** A Universal Action button; `verb` must be app-wide unique (cards/card-actions.ts). */
export function execute(title: string, verb: string, data: Record<string, unknown>): CardElement {
  return { type: 'Action.Execute', title, verb, data };
}

export function actionSet(actions: CardElement[]): CardElement {
  return { type: 'ActionSet', actions };
}

export function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}
