import { pinyinMatch } from './pinyin';

/**
 * Matching for the command palette (Ctrl+K): one list of actions, sites, the city's named
 * places, vehicles, requests and where each item is stocked, searched by any of their words in either
 * language, and Chinese by its pinyin. Pure (once pinyin is loaded).
 */

export type PaletteKind = 'action' | 'site' | 'place' | 'vehicle' | 'request' | 'stock' | 'cancel';

export type PaletteEntry = {
  id: string;
  kind: PaletteKind;
  label: string;
  detail: string;
  /** Other texts that find it: the other language's name, ids, addresses, shortcuts. */
  keywords: readonly string[];
  /**
   * Texts one typed word must hit for the entry to show at all: "where N95 masks are kept"
   * answers a query for the item, not every query that names the site.
   */
  anchor?: readonly string[];
  /** The label's own language when it is not the board's: "中文" in the language list. */
  lang?: string;
};

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s·・]+/g, ' ')
    .trim();

/** How well one typed word hits one text: as written, else as pinyin; 0 not at all. */
function wordScore(w: string, text: string, isLabel: boolean): number {
  if (text.includes(w)) {
    const atStart = text.startsWith(w) || text.includes(` ${w}`);
    // The label counts most: what the officer reads is what they type.
    return (isLabel ? 4 : 2) + (atStart ? 1 : 0) + (text === w ? 2 : 0);
  }
  const pinyin = pinyinMatch(w, text);
  return pinyin === 0 ? 0 : (isLabel ? 3 : 1) + (pinyin === 2 ? 1 : 0);
}

/** Every typed word must appear somewhere; earlier, tighter matches score higher. */
export function scoreEntry(entry: PaletteEntry, query: string): number {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return entry.anchor ? 0 : 1;
  const all = [fold(entry.label), fold(entry.detail), ...entry.keywords.map(fold)];
  if (entry.anchor) {
    const anchor = entry.anchor.map(fold);
    if (!words.some((w) => anchor.some((a) => wordScore(w, a, false) > 0))) return 0;
  }
  let score = 0;
  for (const w of words) {
    let best = 0;
    for (const [i, text] of all.entries()) best = Math.max(best, wordScore(w, text, i === 0));
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

/**
 * Without a query: actions first (the palette's main use), then everything else in order.
 * Cancelling comes last: typing a request's name must find the request, not its cancel.
 */
const KIND_ORDER: Record<PaletteKind, number> = { action: 0, request: 1, site: 2, place: 3, vehicle: 4, stock: 5, cancel: 6 };

export function searchPalette(entries: readonly PaletteEntry[], query: string, limit = 12): PaletteEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, score: scoreEntry(entry, query) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] || a.index - b.index)
    .slice(0, limit)
    .map((x) => x.entry);
}
