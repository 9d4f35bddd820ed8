import { parseCsv, SitesFileError } from '../city/sites-file';
import { entityId } from '../schema-parts';
import { localDay } from './flight-days';
import { climateReadingSchema, MAX_CYCLES_PER_DAY, qrCode, type ClimateReading } from './schema';

/**
 * The three CSV files a user imports for the readiness ledger, each checked row by row:
 *   (a) a handheld RFID reader's export (a stock-take): the EPCs heard;
 *   (b) a flight-log export for drone batteries: cycle counts (or flights a day) by date;
 *   (c) a site's storage readings: temperature and humidity by time.
 * A file is valid whole or refused whole: every problem is listed (up to MAX_PROBLEMS, then a
 * count), each naming its row as a spreadsheet shows it (the header is row 1) and its column;
 * nothing of a refused file is kept. A valid file comes with a preview summary to confirm.
 *
 * Text decoding is the caller's (shared/ has no TextDecoder): `detectEncoding` tells from the
 * bytes whether they are UTF-8 (with or without a BOM) or GBK (the usual Chinese Windows
 * export), so the caller can decode them, or say the encoding is not known.
 */

export const MAX_PROBLEMS = 50;
export const MAX_ROWS = 1_000_000;

export type ImportProblem = { row: number | null; column: string | null; message: string };
export type ImportResult<T, P> = { ok: true; value: T; preview: P } | { ok: false; problems: ImportProblem[]; more: number; message: string };

export const describeProblem = (p: ImportProblem): string => `${p.row !== null ? `row ${p.row}` : 'the file'}${p.column ? `, column ${p.column}` : ''}: ${p.message}`;

function refused<T, P>(problems: ImportProblem[], total: number): ImportResult<T, P> {
  const listed = problems.slice(0, MAX_PROBLEMS);
  const more = total - listed.length;
  return { ok: false, problems: listed, more, message: `refused: ${listed.slice(0, 3).map(describeProblem).join('; ')}${total > 3 ? `; and ${total - 3} more` : ''}` };
}

/** Collects problems, counting past the cap so the message says how many there were. */
export function problemList() {
  const list: ImportProblem[] = [];
  let total = 0;
  return {
    add(row: number | null, column: string | null, message: string) {
      total++;
      if (list.length < MAX_PROBLEMS) list.push({ row, column, message });
    },
    get total() {
      return total;
    },
    list,
  };
}

// ——— Encoding ———

/**
 * What the bytes are: 'utf-8-bom' (EF BB BF first), 'utf-8' (valid UTF-8, plain ASCII
 * included), 'gbk' (not UTF-8, but every byte ≥ 0x80 starts a GBK pair, lead 81–FE and
 * trail 40–FE but 7F, or a GB18030 four-byte sequence), else 'unknown'. UTF-8 is checked by
 * hand: lead bytes, continuation bytes, no overlong forms, no surrogates, nothing past U+10FFFF.
 */
export function detectEncoding(bytes: Uint8Array): 'utf-8' | 'utf-8-bom' | 'gbk' | 'unknown' {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (isUtf8(bytes)) return 'utf-8';
  if (isGbk(bytes)) return 'gbk';
  return 'unknown';
}

function isUtf8(b: Uint8Array): boolean {
  const n = b.length;
  for (let i = 0; i < n; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min, cp] = [1, 0x80, c & 0x1f];
    else if (c >= 0xe0 && c <= 0xef) [need, min, cp] = [2, 0x800, c & 0x0f];
    else if (c >= 0xf0 && c <= 0xf4) [need, min, cp] = [3, 0x10000, c & 0x07];
    else return false;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

function isGbk(b: Uint8Array): boolean {
  const n = b.length;
  let pairs = 0;
  for (let i = 0; i < n; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c < 0x81 || c > 0xfe || i + 1 >= n) return false;
    const d = b[i + 1]!;
    if (d >= 0x40 && d <= 0xfe && d !== 0x7f) {
      i += 2;
      pairs++;
      continue;
    }
    // GB18030 four bytes: 81–FE 30–39 81–FE 30–39.
    if (d >= 0x30 && d <= 0x39 && i + 3 < n && b[i + 2]! >= 0x81 && b[i + 2]! <= 0xfe && b[i + 3]! >= 0x30 && b[i + 3]! <= 0x39) {
      i += 4;
      pairs++;
      continue;
    }
    return false;
  }
  return pairs > 0;
}

// ——— Shared parsing ———

type Table = { header: string[]; rows: string[][] };

function table(text: string, problems: ReturnType<typeof problemList>): Table | null {
  if (text.includes('\uFFFD')) {
    problems.add(null, null, 'the text holds undecodable characters (U+FFFD): the file was read in the wrong encoding (a GBK export read as UTF-8?)');
    return null;
  }
  let rows: string[][];
  try {
    rows = text.includes('"') ? parseCsv(text) : splitUnquoted(text);
  } catch (e) {
    problems.add(null, null, e instanceof SitesFileError ? e.problems.join('; ') : String(e));
    return null;
  }
  if (rows.length === 0) {
    problems.add(null, null, 'the file is empty');
    return null;
  }
  if (rows.length - 1 > MAX_ROWS) {
    problems.add(null, null, `${rows.length - 1} rows: at most ${MAX_ROWS}`);
    return null;
  }
  return { header: rows[0]!.map((h) => h.trim()), rows: rows.slice(1) };
}

/**
 * parseCsv's rows for a text without a quote (most reader exports): split on line ends and
 * commas directly, ten times faster on 100,000 rows than reading character by character.
 */
function splitUnquoted(text: string): string[][] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const rows: string[][] = [];
  for (const line of lines) if (line.trim() !== '') rows.push(line.split(','));
  return rows;
}

/** A header cell as compared: lower case, without spaces, _ - . ( ) and a BOM. */
const fold = (h: string) => h.toLowerCase().replace(/[\s_\-.()（）\uFEFF]/g, '');

/** The first header among `names` (folded), in the order of `names` (the first name wins). */
function findColumn(header: readonly string[], names: readonly string[]): number {
  const folded = header.map(fold);
  for (const name of names) {
    const i = folded.indexOf(fold(name));
    if (i >= 0) return i;
  }
  return -1;
}

const headerList = (header: readonly string[]) => (header.length > 0 ? header.map((h) => JSON.stringify(h.slice(0, 40))).join(', ') : 'none');
const shown = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/**
 * A time as exports write it: 2026-03-01, 2026/3/1 14:30, 2026-03-01T14:30:00, with seconds,
 * and with Z or ±hh:mm. Without a zone it is local time at `tzOffsetMinutes` east of UTC
 * (Beijing: 480). Null when it is not a real time (month 13, 30 February).
 */
export function parseTime(v: string, tzOffsetMinutes = 480): number | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7).map((x) => x ?? undefined) as string[];
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(local);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23) return null;
  const zone = m[7];
  const offset = zone === undefined ? tzOffsetMinutes : zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return local - offset * 60_000;
}

/** A number, with a unit after it allowed (℃, °C, %, %RH). */
function number(v: string): number | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:℃|°C|°c|C|%|%RH|%rh)?\s*$/.exec(v);
  return m ? Number(m[1]) : null;
}

// ——— (a) RFID reader export ———

/** Header names a reader's EPC column goes by, vendor by vendor (compared folded). */
export const EPC_HEADERS = ['EPC', 'EPC号', 'EPC码', 'EPC ID', 'EPC Code', 'TagID', 'Tag ID', 'Tag', 'Tag EPC', 'RFID', 'RFID Tag', '标签', '标签号', '标签ID', '标签编号', '电子标签', '标签EPC'];

/** epcCode's rule (schema.ts) as a bare pattern, tested per row without a zod parse; import-files.test.ts holds them equal. */
export const EPC_FORM = /^[0-9A-F]{24}$/;

export type RfidScan = { epcColumn: string; epcs: string[] };
export type RfidPreview = { rows: number; uniqueEpcs: number; duplicateReads: number; epcColumn: string };

/**
 * The EPCs of a reader's export, in file order, upper case (spaces and dashes inside one are
 * dropped: some readers group the digits), duplicates kept (the reconciliation collapses them
 * and counts them; the preview says how many).
 */
export function parseRfidExport(text: string): ImportResult<RfidScan, RfidPreview> {
  const problems = problemList();
  const t = table(text, problems);
  if (!t) return refused(problems.list, problems.total);
  const col = findColumn(t.header, EPC_HEADERS);
  if (col < 0) {
    problems.add(1, null, `no EPC column: the headers are ${headerList(t.header)} (an EPC column is named one of ${EPC_HEADERS.slice(0, 6).join(', ')}, 标签, …)`);
    return refused(problems.list, problems.total);
  }
  const name = t.header[col]!;
  const epcs: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < t.rows.length; i++) {
    const raw = t.rows[i]![col] ?? '';
    const epc = (raw.length === 24 ? raw : raw.replace(/[\s-]/g, '')).toUpperCase();
    if (epc === '') problems.add(i + 2, name, 'no EPC');
    else if (!EPC_FORM.test(epc)) problems.add(i + 2, name, `${shown(raw)} is not an EPC (24 hex digits)`);
    else {
      epcs.push(epc);
      seen.add(epc);
    }
  }
  if (problems.total > 0) return refused(problems.list, problems.total);
  if (epcs.length === 0) return refused([{ row: null, column: null, message: 'no rows: the reader heard nothing' }], 1);
  return { ok: true, value: { epcColumn: name, epcs }, preview: { rows: epcs.length, uniqueEpcs: seen.size, duplicateReads: epcs.length - seen.size, epcColumn: name } };
}

// ——— (b) Flight log for drone batteries ———

export const BATTERY_HEADERS = ['battery', 'battery serial', 'battery sn', 'battery qr', 'serial', 'sn', 'qr', '电池', '电池序列号', '电池编号', '电池SN', '序列号', '二维码'];
export const CYCLES_HEADERS = ['cycles', 'cycle count', 'charge cycles', 'cycle', '循环次数', '充电次数', '循环'];
export const FLIGHTS_HEADERS = ['flights', 'flight count', 'sorties', '飞行次数', '架次'];
export const DATE_HEADERS = ['date', 'time', 'datetime', 'timestamp', 'at', '日期', '时间', '记录时间', '飞行日期'];
export { MAX_CYCLES_PER_DAY };

/** A row of a flight log: `day` is the calendar day `at` falls on in the division's time. */
export type FlightLogRow = { row: number; battery: string; by: 'qr' | 'serial'; at: number; day: string; cycles?: number; flights?: number };
export type FlightLog = { mode: 'cycles' | 'flights'; rows: FlightLogRow[] };
export type FlightLogPreview = { rows: number; batteries: number; from: number; to: number; mode: 'cycles' | 'flights' };

/**
 * A flight-log export: per row a battery (its serial or QR code), a date, and either its
 * cycle count then (`cycles` mode: an absolute count, which may never go down) or the flights
 * it flew that day (`flights` mode: one flight taken as one charge cycle). Refused: negative
 * or fractional counts, a date in the future, a count that goes down, more than 5 cycles a
 * day (between two readings, or flights in one day), an unknown battery when `known` is given.
 */
export function parseFlightLog(text: string, opts: { now: number; known?: (battery: string) => boolean; tzOffsetMinutes?: number }): ImportResult<FlightLog, FlightLogPreview> {
  const problems = problemList();
  const t = table(text, problems);
  if (!t) return refused(problems.list, problems.total);
  const bCol = findColumn(t.header, BATTERY_HEADERS);
  const cCol = findColumn(t.header, CYCLES_HEADERS);
  const fCol = cCol >= 0 ? -1 : findColumn(t.header, FLIGHTS_HEADERS);
  const dCol = findColumn(t.header, DATE_HEADERS);
  const lacking = [bCol < 0 ? 'a battery (serial or QR)' : null, cCol < 0 && fCol < 0 ? 'cycles or flights' : null, dCol < 0 ? 'a date' : null].filter((x) => x !== null);
  if (lacking.length > 0) {
    problems.add(1, null, `the header lacks ${lacking.join(', ')}: it has ${headerList(t.header)}`);
    return refused(problems.list, problems.total);
  }
  const mode = cCol >= 0 ? 'cycles' : 'flights';
  const countCol = cCol >= 0 ? cCol : fCol;
  const [bName, cName, dName] = [t.header[bCol]!, t.header[countCol]!, t.header[dCol]!];
  const rows: FlightLogRow[] = [];
  for (let i = 0; i < t.rows.length; i++) {
    const r = t.rows[i]!;
    const row = i + 2;
    const battery = (r[bCol] ?? '').trim();
    const countRaw = (r[countCol] ?? '').trim();
    const dateRaw = (r[dCol] ?? '').trim();
    let ok = true;
    const bad = (column: string, message: string) => {
      ok = false;
      problems.add(row, column, message);
    };
    const by = qrCode.safeParse(battery).success ? 'qr' : 'serial';
    if (battery === '' || battery.length > 64) bad(bName, battery === '' ? 'no battery' : 'longer than 64 characters');
    else if (opts.known && !opts.known(battery)) bad(bName, `battery ${shown(battery)} is not in the ledger`);
    const count = /^-?\d+$/.test(countRaw) ? Number(countRaw) : null;
    if (count === null) bad(cName, `${shown(countRaw)} is not a whole number`);
    else if (count < 0) bad(cName, `${count} is negative`);
    else if (mode === 'flights' && count > MAX_CYCLES_PER_DAY) bad(cName, `${count} flights in a day: more than ${MAX_CYCLES_PER_DAY} is not possible`);
    const at = parseTime(dateRaw, opts.tzOffsetMinutes);
    if (at === null) bad(dName, `${shown(dateRaw)} is not a date (2026-03-01 or 2026-03-01 14:30)`);
    else if (at > opts.now) bad(dName, `${dateRaw} is in the future`);
    if (ok) rows.push({ row, battery, by, at: at!, day: localDay(at!, opts.tzOffsetMinutes), ...(mode === 'cycles' ? { cycles: count! } : { flights: count! }) });
  }
  // Per battery, in time order: a count never goes down, and rises at most 5 a day.
  if (mode === 'cycles') {
    const byBattery = new Map<string, FlightLogRow[]>();
    for (const r of rows) (byBattery.get(r.battery) ?? byBattery.set(r.battery, []).get(r.battery)!).push(r);
    for (const list of byBattery.values()) {
      list.sort((a, b) => a.at - b.at || a.row - b.row);
      for (let k = 1; k < list.length; k++) {
        const [p, c] = [list[k - 1]!, list[k]!];
        if (c.cycles! < p.cycles!) problems.add(c.row, cName, `${c.battery}'s count goes down: ${c.cycles} after ${p.cycles} (row ${p.row})`);
        else {
          const days = Math.max(1, (c.at - p.at) / 86_400_000);
          if (c.cycles! - p.cycles! > MAX_CYCLES_PER_DAY * days) problems.add(c.row, cName, `${c.battery}: ${c.cycles! - p.cycles!} cycles in ${days.toFixed(1)} days since row ${p.row}: more than ${MAX_CYCLES_PER_DAY} a day`);
        }
      }
    }
  } else {
    // Two rows for one battery and one day add up.
    const perDay = new Map<string, { sum: number; rows: number[] }>();
    for (const r of rows) {
      const key = `${r.battery}\u0000${r.day}`;
      const d = perDay.get(key) ?? { sum: 0, rows: [] };
      d.sum += r.flights!;
      d.rows.push(r.row);
      perDay.set(key, d);
      if (d.rows.length > 1 && d.sum > MAX_CYCLES_PER_DAY) problems.add(r.row, cName, `${r.battery}: ${d.sum} flights on one day (rows ${d.rows.join(', ')}): more than ${MAX_CYCLES_PER_DAY}`);
    }
  }
  if (problems.total > 0) return refused(problems.list, problems.total);
  if (rows.length === 0) return refused([{ row: null, column: null, message: 'no rows' }], 1);
  let from = Infinity;
  let to = -Infinity;
  for (const r of rows) [from, to] = [Math.min(from, r.at), Math.max(to, r.at)];
  return { ok: true, value: { mode, rows }, preview: { rows: rows.length, batteries: new Set(rows.map((r) => r.battery)).size, from, to, mode } };
}

// ——— (c) Storage readings ———

export const SITE_HEADERS = ['site', 'site id', 'siteid', 'site_id', '站点', '站点ID', '库房', '库房编号', '仓库'];
export const TEMP_HEADERS = ['temperature', 'temp', 'temp c', 'temperature c', 't', '温度', '温度℃'];
export const HUMIDITY_HEADERS = ['humidity', 'rh', 'humidity %', 'relative humidity', '湿度', '相对湿度', '湿度%'];

export type ClimatePreview = { rows: number; sites: number; from: number; to: number };

/**
 * Storage readings: site id, time, temperature (°C, −40…70) and relative humidity (0…100 %),
 * a unit after the number allowed. Refused: an unknown site when `knownSiteIds` is given,
 * a time in the future, a value out of range, two readings for one site at one time.
 */
export function parseClimateReadings(text: string, opts: { now: number; knownSiteIds?: ReadonlySet<string>; tzOffsetMinutes?: number }): ImportResult<ClimateReading[], ClimatePreview> {
  const problems = problemList();
  const t = table(text, problems);
  if (!t) return refused(problems.list, problems.total);
  const cols = [findColumn(t.header, SITE_HEADERS), findColumn(t.header, DATE_HEADERS), findColumn(t.header, TEMP_HEADERS), findColumn(t.header, HUMIDITY_HEADERS)] as const;
  const what = ['a site', 'a time', 'a temperature', 'a humidity'];
  const lacking = cols.flatMap((c, i) => (c < 0 ? [what[i]!] : []));
  if (lacking.length > 0) {
    problems.add(1, null, `the header lacks ${lacking.join(', ')}: it has ${headerList(t.header)}`);
    return refused(problems.list, problems.total);
  }
  const [sCol, dCol, tCol, hCol] = cols;
  const names = cols.map((c) => t.header[c]!);
  const out: ClimateReading[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < t.rows.length; i++) {
    const r = t.rows[i]!;
    const row = i + 2;
    const siteId = (r[sCol] ?? '').trim();
    const [timeRaw, tempRaw, humRaw] = [(r[dCol] ?? '').trim(), r[tCol] ?? '', r[hCol] ?? ''];
    let ok = true;
    const bad = (col: number, message: string) => {
      ok = false;
      problems.add(row, names[col]!, message);
    };
    if (!entityId.safeParse(siteId).success) bad(0, `${shown(siteId)} is not a site id`);
    else if (opts.knownSiteIds && !opts.knownSiteIds.has(siteId)) bad(0, `site ${shown(siteId)} is not one of the division's sites`);
    const at = parseTime(timeRaw, opts.tzOffsetMinutes);
    if (at === null) bad(1, `${shown(timeRaw)} is not a time (2026-03-01 14:30)`);
    else if (at > opts.now) bad(1, `${timeRaw} is in the future`);
    const tempC = number(tempRaw);
    if (tempC === null) bad(2, `${shown(tempRaw)} is not a number`);
    else if (tempC < -40 || tempC > 70) bad(2, `${tempC} °C is not a storage temperature (−40 to 70)`);
    const humidity = number(humRaw);
    if (humidity === null) bad(3, `${shown(humRaw)} is not a number`);
    else if (humidity < 0 || humidity > 100) bad(3, `${humidity}% is not a relative humidity (0 to 100)`);
    if (!ok) continue;
    const key = `${siteId}\u0000${at}`;
    const before = seen.get(key);
    if (before !== undefined) {
      problems.add(row, names[1]!, `${siteId} has a reading at ${timeRaw} already (row ${before})`);
      continue;
    }
    seen.set(key, row);
    out.push(climateReadingSchema.parse({ siteId, at, tempC, humidity }));
  }
  if (problems.total > 0) return refused(problems.list, problems.total);
  if (out.length === 0) return refused([{ row: null, column: null, message: 'no rows' }], 1);
  let from = Infinity;
  let to = -Infinity;
  for (const r of out) [from, to] = [Math.min(from, r.at), Math.max(to, r.at)];
  return { ok: true, value: out, preview: { rows: out.length, sites: new Set(out.map((r) => r.siteId)).size, from, to } };
}
