import { parseFlightLog, type FlightLogPreview } from '../../shared/assets/import-files';
import { MAX_CYCLE_IMPORT_READINGS } from '../../shared/board-api';
import { MAX_CLIMATE_FILE_BYTES } from './climate-file';
import { importText, type FileRefusal } from './import-text';

type Row = { row: number; battery: string; by: 'qr' | 'serial'; day: string };
export type CycleRow = Row & { at: number; cycles: number };
export type FlightRow = Row & { flights: number };

export type FlightLogFile =
  | { ok: true; mode: 'cycles'; rows: CycleRow[]; preview: FlightLogPreview; encoding: 'utf-8' | 'gbk' }
  | { ok: true; mode: 'flights'; rows: FlightRow[]; preview: FlightLogPreview; encoding: 'utf-8' | 'gbk' }
  | FileRefusal;

/**
 * A drone battery flight log as the import reads it: the bytes' encoding told (UTF-8 with or
 * without a BOM, or GBK), every row checked (shared/assets/import-files.ts parseFlightLog: the
 * columns by their usual names, a count that is not a whole number, goes down or rises more than
 * 5 a day, a date in the future — each named by row). Two kinds of log:
 *
 * - the battery's own cycle counter by date (循环次数): `cycles` rows, each with its day;
 * - the flights it flew each day (飞行次数 / 架次): `flights` rows by calendar day, which the
 *   ledger keeps a day at a time so that overlapping logs count a day once
 *   (shared/assets/flight-days.ts).
 *
 * The batteries are matched against the ledger by the board (`cycles.check`, `flights.check`).
 */
export function readFlightLogFile(bytes: Uint8Array, opts: { now: number }): FlightLogFile {
  const read = importText(bytes, MAX_CLIMATE_FILE_BYTES);
  if (!read.ok) return read;
  const parsed = parseFlightLog(read.text, { now: opts.now });
  if (!parsed.ok) return { ok: false, reason: 'problems', problems: parsed.problems, more: parsed.more };
  if (parsed.value.rows.length > MAX_CYCLE_IMPORT_READINGS) return { ok: false, reason: 'too_many', count: parsed.value.rows.length, max: MAX_CYCLE_IMPORT_READINGS };
  const base = (r: (typeof parsed.value.rows)[number]): Row => ({ row: r.row, battery: r.battery, by: r.by, day: r.day });
  return parsed.value.mode === 'flights'
    ? { ok: true, mode: 'flights', rows: parsed.value.rows.map((r) => ({ ...base(r), flights: r.flights! })), preview: parsed.preview, encoding: read.encoding }
    : { ok: true, mode: 'cycles', rows: parsed.value.rows.map((r) => ({ ...base(r), at: r.at, cycles: r.cycles! })), preview: parsed.preview, encoding: read.encoding };
}
