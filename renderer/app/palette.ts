import { pinyinMatch } from './pinyin';

/**
 * Matching for the command palette (Ctrl+K): one list of actions, sites, the city's named
 * places and streets, vehicles, requests and where each item is stocked, searched by any of their words in either
 * language, and Chinese by its pinyin. Pure (once pinyin is loaded).
 */

export type PaletteKind = 'action' | 'site' | 'place' | 'street' | 'vehicle' | 'request' | 'stock' | 'cancel';

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
  /**
   * Found by its own words only, not by pinyin: the city's street names run to tens of
   * thousands, and reading each one's pinyin on every key would stall the palette.
   */
  literal?: boolean;
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
function wordScore(w: string, text: string, isLabel: boolean, literal = false): number {
  if (text.includes(w)) {
    const atStart = text.startsWith(w) || text.includes(` ${w}`);
    // The label counts most: what the officer reads is what they type.
    return (isLabel ? 4 : 2) + (atStart ? 1 : 0) + (text === w ? 2 : 0);
  }
  if (literal) return 0;
  const pinyin = pinyinMatch(w, text);
  return pinyin === 0 ? 0 : (isLabel ? 3 : 1) + (pinyin === 2 ? 1 : 0);
}

/** An entry's texts folded once (label first), not on every key: the list is rebuilt only when the board changes. */
const folded = new WeakMap<PaletteEntry, string[]>();
function foldedTexts(entry: PaletteEntry): string[] {
  let all = folded.get(entry);
  if (!all) {
    all = [fold(entry.label), fold(entry.detail), ...entry.keywords.map(fold)];
    folded.set(entry, all);
  }
  return all;
}

/** Every typed word must appear somewhere; earlier, tighter matches score higher. */
export function scoreEntry(entry: PaletteEntry, query: string): number {
  return scoreWords(entry, queryWords(query));
}

const queryWords = (query: string) => fold(query).split(' ').filter(Boolean);

function scoreWords(entry: PaletteEntry, words: readonly string[]): number {
  if (words.length === 0) return entry.anchor ? 0 : 1;
  const all = foldedTexts(entry);
  if (entry.anchor) {
    const anchor = entry.anchor.map(fold);
    if (!words.some((w) => anchor.some((a) => wordScore(w, a, false) > 0))) return 0;
  }
  let score = 0;
  for (const w of words) {
    let best = 0;
    for (const [i, text] of all.entries()) best = Math.max(best, wordScore(w, text, i === 0, entry.literal));
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

/**
 * Without a query: actions first (the palette's main use), then everything else in order.
 * Cancelling comes last: typing a request's name must find the request, not its cancel.
 */
const KIND_ORDER: Record<PaletteKind, number> = { action: 0, request: 1, site: 2, place: 3, vehicle: 4, street: 5, stock: 6, cancel: 7 };

export function searchPalette(entries: readonly PaletteEntry[], query: string, limit = 12): PaletteEntry[] {
  const words = queryWords(query);
  const hits: { entry: PaletteEntry; index: number; score: number }[] = [];
  for (const [index, entry] of entries.entries()) {
    const score = scoreWords(entry, words);
    if (score > 0) hits.push({ entry, index, score });
  }
  return hits
    .sort((a, b) => b.score - a.score || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] || a.index - b.index)
    .slice(0, limit)
    .map((x) => x.entry);
}
