import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CityImportErrorCode, CityImportState } from '../../../shared/city/api';
import type { CitySummary } from '../../../city/city-store';
import type { ImportWorkerData, ImportWorkerReply } from '../../../city/import-worker-protocol';

/**
 * The backend's handle on city imports: one at a time, each in its own worker thread
 * (city/import-worker.ts), so the board API keeps answering while a city is read, cut into
 * tiles and written. Cancelling sets the worker's shared flag; a worker that does not stop
 * in time is terminated. Either way, what the import began is removed afterwards: a version
 * folder it left half-written, and the city's folder when the import created it.
 */

export type ImportOutcome =
  | { ok: true; id: string; summary: CitySummary }
  | { ok: false; id: string; name: string; code: CityImportErrorCode; message: string };

export type ImportServiceOptions = {
  /** The city store's folder. */
  dir: string;
  onProgress(state: CityImportState): void;
  onEnd(outcome: ImportOutcome): void;
  /** How long a cancelled worker has to stop by itself before it is terminated (default 10 s). */
  cancelGraceMs?: number;
  /** The worker script; default: city-import-worker.js beside the bundle, or the .ts source through tsx. */
  workerUrl?: URL;
};

export function createImportService(o: ImportServiceOptions) {
  let running: { state: CityImportState; worker: Worker; cancel: Int32Array; ended: Promise<void> } | null = null;

  function start(file: string, name: string): CityImportState {
    if (running) throw new Error('an import is running');
    const id = randomUUID();
    const cityDir = join(o.dir, name);
    // What was there before: everything new is the import's own, removed if it fails.
    const before = existsSync(cityDir) ? new Set(readdirSync(cityDir)) : null;
    const cancelBuffer = new SharedArrayBuffer(4);
    const data: ImportWorkerData = { file, dir: o.dir, name, cancel: cancelBuffer };
    const worker = spawn(o.workerUrl, data);
    const state: CityImportState = { id, name, stage: 'reading', share: 0, startedAt: Date.now() };
    let settled = false;
    let endResolve = () => {};
    const ended = new Promise<void>((r) => (endResolve = r));
    const end = (outcome: ImportOutcome) => {
      if (settled) return;
      settled = true;
      if (!outcome.ok) cleanUp(cityDir, before);
      running = null;
      void worker.terminate();
      endResolve();
      o.onEnd(outcome);
    };
    worker.on('message', (m: ImportWorkerReply) => {
      if (m.type === 'progress') {
        state.stage = m.stage;
        state.share = m.share;
        if (!settled) o.onProgress({ ...state });
      } else if (m.type === 'done') end({ ok: true, id, summary: m.summary });
      else end({ ok: false, id, name, code: m.code, message: m.message });
    });
    worker.on('error', (e) => end({ ok: false, id, name, code: 'internal', message: `the import worker failed: ${e.message}` }));
    worker.on('exit', (code) => {
      const cancelledNow = Atomics.load(new Int32Array(cancelBuffer), 0) === 1;
      end({ ok: false, id, name, code: cancelledNow ? 'cancelled' : 'internal', message: cancelledNow ? 'the import was cancelled' : `the import worker exited (code ${code})` });
    });
    running = { state, worker, cancel: new Int32Array(cancelBuffer), ended };
    return { ...state };
  }

  /** Asks the running import to stop; resolves once it has and its files are gone. */
  async function cancel(): Promise<boolean> {
    const r = running;
    if (!r) return false;
    Atomics.store(r.cancel, 0, 1);
    // The worker looks at the flag at every progress report; a long step without one (a
    // huge base map) is cut short.
    const timer = setTimeout(() => void r.worker.terminate(), o.cancelGraceMs ?? 10_000);
    await r.ended;
    clearTimeout(timer);
    return true;
  }

  return {
    start,
    cancel,
    running: (): CityImportState | null => (running ? { ...running.state } : null),
    /** Stops any import (the backend is closing). */
    close: () => cancel().then(() => undefined),
  };
}
export type ImportService = ReturnType<typeof createImportService>;

/**
 * Removes what a failed or cancelled import left in the city's folder: entries that were not
 * there before it began (a version folder a terminated worker could not remove), and the
 * folder itself when the import made it and no complete version is in it.
 */
function cleanUp(cityDir: string, before: Set<string> | null) {
  if (!existsSync(cityDir)) return;
  try {
    if (before === null) {
      rmSync(cityDir, { recursive: true, force: true });
      return;
    }
    for (const f of readdirSync(cityDir)) {
      if (before.has(f)) continue;
      const at = join(cityDir, f);
      if (f.startsWith('.tmp-') || statSync(at).isDirectory() || f.startsWith('.current-')) rmSync(at, { recursive: true, force: true });
    }
  } catch {
    // best effort: the store removes stale temporary folders at its next import
  }
}

function spawn(url: URL | undefined, workerData: ImportWorkerData): Worker {
  if (url) return new Worker(url, { workerData });
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./city-import-worker.js', here), { workerData });
  // Running from source (tests, the browser host under tsx): Node cannot load .ts in a
  // thread by itself; tsx's API can, from inside (as routing/routing-service.ts does).
  const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('../../../city/import-worker.ts', here).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}
