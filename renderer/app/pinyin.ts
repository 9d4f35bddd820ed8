/**
 * Pinyin search for the command palette: "zhongxin" or "zxwzk" finds 中心物资库, as officers
 * type on a keyboard without switching the input method. Each character may be typed as
 * its full syllable or the start of it (its initial), in a row; a character with more than
 * one reading (调: diao/tiao) matches any of them, so context never hides a place.
 *
 * pinyin-pro's dictionary is a third of a megabyte: it is loaded when the palette first
 * opens, not with the board (nor with the wall, which never searches).
 */

type Readings = (text: string) => string[][];

let readingsOf: Readings | null = null;
let loading: Promise<void> | null = null;

export function loadPinyin(): Promise<void> {
  loading ??= import('pinyin-pro').then((m) => {
    readingsOf = (text) => m.polyphonic(text, { toneType: 'none', type: 'array', v: true });
  });
  return loading;
}

export function pinyinLoaded(): boolean {
  return readingsOf !== null;
}

const HAN = /\p{Script=Han}/u;
const CACHE_LIMIT = 5000;
/** Per text: each character's readings (lower case), separators dropped. */
const syllables = new Map<string, string[][]>();

function syllablesOf(text: string, readings: Readings): string[][] {
  let s = syllables.get(text);
  if (s) return s;
  const chars = [...text];
  const all = readings(text);
  s = chars.flatMap((ch, i) => {
    if (HAN.test(ch)) return [(all[i] ?? []).map((r) => r.toLowerCase()).filter((r) => /^[a-z]+$/.test(r))];
    const plain = ch.toLowerCase();
    return /^[a-z0-9]$/.test(plain) ? [[plain]] : [];
  });
  if (syllables.size > CACHE_LIMIT) syllables.clear();
  syllables.set(text, s);
  return s;
}

/** Whether `query` is the start of each reading, character after character, from character `from`. */
function matchesFrom(query: string, chars: readonly string[][], from: number): boolean {
  const failed = new Set<number>();
  const go = (k: number, j: number): boolean => {
    if (k === query.length) return true;
    if (j === chars.length) return false;
    const key = j * 1024 + k;
    if (failed.has(key)) return false;
    for (const reading of chars[j]!) {
      for (let n = Math.min(reading.length, query.length - k); n >= 1; n--) {
        if (query.startsWith(reading.slice(0, n), k) && go(k + n, j + 1)) return true;
      }
    }
    failed.add(key);
    return false;
  };
  return go(0, from);
}

/**
 * How a typed word matches a text with Chinese in it, read as pinyin: 2 from its first
 * character, 1 from a later one, 0 not at all (or the dictionary is not loaded yet, or
 * the word is not Latin letters, or the text has no Chinese to read).
 */
export function pinyinMatch(word: string, text: string): 0 | 1 | 2 {
  const readings = readingsOf;
  const query = word.toLowerCase().replace(/['’\s]/g, '');
  if (!readings || query.length < 2 || !/^[a-z0-9]+$/.test(query) || !/[a-z]/.test(query) || !HAN.test(text)) return 0;
  const chars = syllablesOf(text, readings);
  for (let i = 0; i < chars.length; i++) {
    if (matchesFrom(query, chars, i)) return i === 0 ? 2 : 1;
  }
  return 0;
}
