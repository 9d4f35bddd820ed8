import { CLIMATE_READINGS_PER_COMMAND } from '../../shared/assets/commands/climate-record';
import { parseClimateReadings, type ClimatePreview } from '../../shared/assets/import-files';
import type { ClimateReading } from '../../shared/assets/schema';
import { MAX_CLIMATE_IMPORT_READINGS } from '../../shared/board-api';
import { importText, type FileRefusal } from './import-text';

/** The largest storage-readings file read (15,000 rows of a logger's columns is well under 2 MB). */
export const MAX_CLIMATE_FILE_BYTES = 16 * 1024 * 1024;

export type ClimateChunk = { siteId: string; readings: Omit<ClimateReading, 'siteId'>[] };

export type ClimateFile = { ok: true; chunks: ClimateChunk[]; preview: ClimatePreview; encoding: 'utf-8' | 'gbk' } | FileRefusal;

/**
 * A file of storage readings (库房温湿度: site, time, temperature, humidity) as the import sends
 * it: the bytes' encoding told (UTF-8 with or without a BOM, or GBK), every row checked
 * (shared/assets/import-files.ts parseClimateReadings: the columns found by their usual names, a
 * site not among `siteIds` — the console's own — named by row, a time in the future, a value out
 * of range, two readings for a site at one time), then split per site into runs of at most
 * CLIMATE_READINGS_PER_COMMAND in time order: one `climate.record` command each. Refused whole.
 */
export function readClimateFile(bytes: Uint8Array, opts: { now: number; siteIds: ReadonlySet<string> }): ClimateFile {
  const read = importText(bytes, MAX_CLIMATE_FILE_BYTES);
  if (!read.ok) return read;
  const parsed = parseClimateReadings(read.text, { now: opts.now, knownSiteIds: opts.siteIds });
  if (!parsed.ok) return { ok: false, reason: 'problems', problems: parsed.problems, more: parsed.more };
  if (parsed.value.length > MAX_CLIMATE_IMPORT_READINGS) return { ok: false, reason: 'too_many', count: parsed.value.length, max: MAX_CLIMATE_IMPORT_READINGS };
  const bySite = new Map<string, Omit<ClimateReading, 'siteId'>[]>();
  for (const { siteId, ...r } of parsed.value) {
    let list = bySite.get(siteId);
    if (!list) bySite.set(siteId, (list = []));
    list.push(r);
  }
  const chunks: ClimateChunk[] = [];
  for (const [siteId, list] of [...bySite].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.at - b.at);
    for (let i = 0; i < list.length; i += CLIMATE_READINGS_PER_COMMAND) chunks.push({ siteId, readings: list.slice(i, i + CLIMATE_READINGS_PER_COMMAND) });
  }
  return { ok: true, chunks, preview: parsed.preview, encoding: read.encoding };
}
