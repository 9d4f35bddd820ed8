import type { TFunction } from 'i18next';

/**
 * Joins a list with the separator its language uses: "救生衣 60，应急照明灯 20" but
 * "Life jacket 60, Emergency light 20". `names` for a list of names (、), `clauses` for
 * sentences of their own (；). A full-width separator in English reads as a stray glyph.
 */
export type ListKind = 'items' | 'names' | 'clauses';

export function joinList(t: TFunction, parts: readonly string[], kind: ListKind = 'items'): string {
  return parts.join(t(`format:list.${kind}`));
}
