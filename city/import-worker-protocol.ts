/**
 * The messages between the backend's import service (electron/backend/cities/import-service.ts)
 * and the import worker (import-worker.ts). Types only: the backend starts the worker by file,
 * it never loads the pipeline on its own thread.
 */
import type { CityImportErrorCode, CityImportStage } from '../shared/city/api';
import type { CitySummary } from './city-store';

export type ImportWorkerData = {
  file: string;
  /** The city store's folder. */
  dir: string;
  name: string;
  /**
   * Int32Array over it: [0] set to 1 asks the import to stop. A flag, not a message: the
   * import is synchronous, so the worker's message queue is not read until it ends.
   */
  cancel: SharedArrayBuffer;
};

export type ImportWorkerReply =
  | { type: 'progress'; stage: CityImportStage; share: number }
  | { type: 'done'; summary: CitySummary }
  | { type: 'failed'; code: CityImportErrorCode; message: string };
