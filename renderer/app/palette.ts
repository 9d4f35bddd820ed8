/**
 * Matching for the command palette (Ctrl+K): one list of actions, sites, vehicles and
 * requests, searched by any of their words in either language. Pure.
 */

export type PaletteKind = 'action' | 'site' | 'vehicle' | 'request' | 'cancel';

export type PaletteEntry = {
  id: string;
  kind: PaletteKind;
  label: string;
  detail: string;
  /** Other texts that find it: the other language's name, ids, addresses, shortcuts. */
  keywords: readonly string[];
};

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s·・]+/g, ' ')
    .trim();

/** Every typed word must appear somewhere; earlier, tighter matches score higher. */
export function scoreEntry(entry: PaletteEntry, query: string): number {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return 1;
  const label = fold(entry.label);
  const all = [label, fold(entry.detail), ...entry.keywords.map(fold)];
  let score = 0;
  for (const w of words) {
    let best = 0;
    for (const [i, text] of all.entries()) {
      if (!text.includes(w)) continue;
      const atStart = text.startsWith(w) || text.includes(` ${w}`);
      // The label counts most: what the officer reads is what they type.
      const s = (i === 0 ? 4 : 2) + (atStart ? 1 : 0) + (text === w ? 2 : 0);
      best = Math.max(best, s);
    }
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

/**
 * Without a query: actions first (the palette's main use), then everything else in order.
 * Cancelling comes last: typing a request's name must find the request, not its cancel.
 */
const KIND_ORDER: Record<PaletteKind, number> = { action: 0, request: 1, site: 2, vehicle: 3, cancel: 4 };

export function searchPalette(entries: readonly PaletteEntry[], query: string, limit = 12): PaletteEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, score: scoreEntry(entry, query) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] || a.index - b.index)
    .slice(0, limit)
    .map((x) => x.entry);
}
