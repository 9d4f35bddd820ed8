import { MAX_STOCKTAKE_TAGS } from '../../shared/board-api';
import { parseRfidExport, type ImportProblem } from '../../shared/assets/import-files';
import { importText } from './import-text';

/** The largest reader export read (a million reads of a few vendor columns is ~60 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type StocktakeFile =
  | { ok: true; epcs: string[]; reads: number; epcColumn: string; encoding: 'utf-8' | 'gbk' }
  | { ok: false; reason: 'too_big'; bytes: number; max: number }
  | { ok: false; reason: 'encoding' }
  | { ok: false; reason: 'too_many_tags'; count: number; max: number }
  | { ok: false; reason: 'problems'; problems: ImportProblem[]; more: number };

/**
 * A handheld reader's export as the stock-take sends it: the bytes' encoding told (UTF-8 with
 * or without a BOM, or GBK, the usual Chinese Windows export; anything else refused by name),
 * every row checked (shared/assets/import-files.ts: the EPC column found by its vendor's name,
 * each EPC 24 hex digits, problems named by row), and the EPCs heard once each, in file order,
 * with the count of rows read. Refused whole: nothing of a bad file is sent.
 */
export function readStocktakeFile(bytes: Uint8Array): StocktakeFile {
  const read = importText(bytes, MAX_FILE_BYTES);
  if (!read.ok) return read;
  const parsed = parseRfidExport(read.text);
  if (!parsed.ok) return { ok: false, reason: 'problems', problems: parsed.problems, more: parsed.more };
  const epcs = [...new Set(parsed.value.epcs)];
  if (epcs.length > MAX_STOCKTAKE_TAGS) return { ok: false, reason: 'too_many_tags', count: epcs.length, max: MAX_STOCKTAKE_TAGS };
  return { ok: true, epcs, reads: parsed.value.epcs.length, epcColumn: parsed.value.epcColumn, encoding: read.encoding };
}
