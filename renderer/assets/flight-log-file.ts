import { parseFlightLog, type FlightLogPreview } from '../../shared/assets/import-files';
import { MAX_CYCLE_IMPORT_READINGS } from '../../shared/board-api';
import { MAX_CLIMATE_FILE_BYTES } from './climate-file';
import { importText, type FileRefusal } from './import-text';

export type CycleRow = { row: number; battery: string; by: 'qr' | 'serial'; at: number; cycles: number };

export type FlightLogFile = { ok: true; rows: CycleRow[]; preview: FlightLogPreview; encoding: 'utf-8' | 'gbk' } | { ok: false; reason: 'flights' } | FileRefusal;

/**
 * A drone battery flight log (飞行日志: battery QR code or serial, date, its cycle counter) as the
 * import reads it: the bytes' encoding told (UTF-8 with or without a BOM, or GBK), every row
 * checked (shared/assets/import-files.ts parseFlightLog: the columns by their usual names, a count
 * that is not a whole number, goes down or rises more than 5 a day, a date in the future — each
 * named by row). The batteries are matched against the ledger by the board (`cycles.check`).
 *
 * A log that gives flights a day instead of the battery's counter is refused: added to the
 * count it would count a day twice when two logs overlap, and a counter cannot (the ledger keeps
 * the highest count it was told).
 */
export function readFlightLogFile(bytes: Uint8Array, opts: { now: number }): FlightLogFile {
  const read = importText(bytes, MAX_CLIMATE_FILE_BYTES);
  if (!read.ok) return read;
  const parsed = parseFlightLog(read.text, { now: opts.now });
  if (!parsed.ok) return { ok: false, reason: 'problems', problems: parsed.problems, more: parsed.more };
  if (parsed.value.mode === 'flights') return { ok: false, reason: 'flights' };
  if (parsed.value.rows.length > MAX_CYCLE_IMPORT_READINGS) return { ok: false, reason: 'too_many', count: parsed.value.rows.length, max: MAX_CYCLE_IMPORT_READINGS };
  const rows = parsed.value.rows.map((r) => ({ row: r.row, battery: r.battery, by: r.by, at: r.at, cycles: r.cycles! }));
  return { ok: true, rows, preview: parsed.preview, encoding: read.encoding };
}
