/**
 * The import worker thread: one `.osm.pbf` import into the city store, reporting its stages
 * to the thread that started it (the backend's import service) and ending with the summary or
 * a coded failure. The import is CPU-bound and synchronous for seconds to minutes: here it
 * blocks only this thread, never the board API nor Electron's main process.
 *
 * Cancelling: the starter sets a shared flag; every progress report and stage boundary looks
 * at it and aborts, and the store removes the half-written version (city-store.ts writeCity).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CITY_IMPORT_ERROR_CODES, type CityImportErrorCode, type CityImportStage } from '../shared/city/api';
import { OsmPbfError } from '../shared/city/osm-pbf';
import { importCity, type CityStage } from './import-city';
import type { ImportWorkerData, ImportWorkerReply } from './import-worker-protocol';
import { CityImportError, type ImportProgress } from './osm-import';

const port = parentPort;
if (!port) throw new Error('import-worker must run as a worker thread');
const data = workerData as ImportWorkerData;
const cancelFlag = new Int32Array(data.cancel);
const controller = new AbortController();

const post = (m: ImportWorkerReply) => port.postMessage(m);
const cancelled = () => {
  if (Atomics.load(cancelFlag, 0) === 1 && !controller.signal.aborted) controller.abort();
  return controller.signal.aborted;
};

/** The three reading passes make one stage on the board's bar: a third each. */
const READING_PART: Record<Exclude<ImportProgress['stage'], 'building_graph'>, number> = { reading_ways: 0, reading_areas: 1, reading_nodes: 2 };
const STAGE_OF: Record<CityStage, CityImportStage | null> = { basemap: 'tiles', names: 'index', seed: null, writing: 'writing' };

let last = { stage: '' as string, share: -1 };
const report = (stage: CityImportStage, share: number) => {
  // One message per stage change or per whole percent: a big extract has thousands of blobs.
  if (stage === last.stage && share - last.share < 0.01 && share < 1) return;
  last = { stage, share };
  post({ type: 'progress', stage, share: Math.min(1, Math.max(0, share)) });
};

const codeOf = (e: unknown): CityImportErrorCode => {
  const code = (e as { code?: unknown } | null)?.code;
  return (e instanceof CityImportError || e instanceof OsmPbfError) && (CITY_IMPORT_ERROR_CODES as readonly unknown[]).includes(code) ? (code as CityImportErrorCode) : 'internal';
};

try {
  report('reading', 0);
  const summary = importCity({
    file: data.file,
    dir: data.dir,
    name: data.name,
    signal: controller.signal,
    onProgress: (p) => {
      cancelled();
      if (p.stage === 'building_graph') report('graph', p.fraction);
      else report('reading', (READING_PART[p.stage] + p.fraction) / 3);
    },
    onStage: (s) => {
      if (cancelled()) throw new CityImportError('cancelled', 'the import was cancelled');
      const stage = STAGE_OF[s];
      if (stage) report(stage, 0);
    },
  });
  post({ type: 'done', summary });
} catch (e) {
  post({ type: 'failed', code: codeOf(e), message: e instanceof Error ? e.message : String(e) });
}
