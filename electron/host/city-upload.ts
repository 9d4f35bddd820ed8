import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, statfsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { BoardError, type CallerContext } from '../../shared/board-api';
import type { Backend } from '../backend/backend';
import { cityNameFromFile } from '../../city/city-store';

/**
 * Settings → Cities on the browser host: the administrator's browser uploads an `.osm.pbf`
 * (POST /cities/upload?name=FILE, the file as the body), which is streamed to a temporary file
 * in the data folder and imported from there like a path (cities.import). The file is removed
 * when the import ends, whichever way. Refused before a byte is written without a session
 * that holds cities.admin, over the size limit, or when the disk cannot hold it.
 */

/** 2 GiB: a province's extract; a prefecture-level city's is about 100 MB. */
export const MAX_CITY_UPLOAD_BYTES = 2 * 1024 ** 3;
/** Left free beside the upload: the import then needs room for its own files. */
const UPLOAD_DISK_RESERVE = 256 * 1024 * 1024;

export type CityUploadOptions = {
  backend: Backend;
  /** Where the temporary file goes (<dataDir>/uploads). */
  dataDir: string;
  maxBytes?: number;
  /** Free bytes in a folder (tests stand in for a full disk). */
  freeBytes?: (dir: string) => number;
};

export type UploadAnswer = { status: number; body: unknown };

const freeBytesAt = (dir: string) => {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
};

export function createCityUpload(o: CityUploadOptions) {
  const dir = join(o.dataDir, 'uploads');
  const limit = o.maxBytes ?? MAX_CITY_UPLOAD_BYTES;
  /** Temporary files by import id, removed at the import's end. */
  const waiting = new Map<string, string>();
  o.backend.subscribe((out) => {
    if (out instanceof ArrayBuffer || out.kind !== 'event') return;
    if (out.name !== 'cities.importDone' && out.name !== 'cities.importFailed') return;
    const id = (out.data as { id: string }).id;
    const file = waiting.get(id);
    if (file === undefined) return;
    waiting.delete(id);
    rmSync(file, { force: true });
  });

  async function upload(req: IncomingMessage, ctx: CallerContext, fileName: string): Promise<UploadAnswer> {
    // Who may, before anything is read (the same check and audit as the call itself).
    o.backend.auth.authorize(ctx, 'cities.import');
    const length = Number(req.headers['content-length']);
    if (!Number.isInteger(length) || length <= 0) return { status: 411, body: { code: 'bad_request', message: 'the upload needs a Content-Length' } };
    if (length > limit) return { status: 413, body: { code: 'bad_request', message: `the file is ${Math.ceil(length / 1e6)} MB; at most ${Math.floor(limit / 1e6)} MB may be uploaded` } };
    mkdirSync(dir, { recursive: true });
    const free = (o.freeBytes ?? freeBytesAt)(dir);
    if (free < length + UPLOAD_DISK_RESERVE) {
      return { status: 507, body: { code: 'no_space', message: `not enough free disk for the upload: ${Math.ceil(length / 1e6)} MB and ${UPLOAD_DISK_RESERVE / 1024 / 1024} MB to keep free, ${Math.floor(free / 1e6)} MB free` } };
    }
    const file = join(dir, `${randomUUID()}.osm.pbf`);
    let seen = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        // A body longer than it said it was is not trusted to stop.
        if (seen > length) done(new Error('the body is longer than its Content-Length'));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(req, count, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      if (seen !== length) throw new Error(`the upload ended after ${seen} of ${length} bytes`);
    } catch (e) {
      rmSync(file, { force: true });
      return { status: 400, body: { code: 'bad_request', message: `upload failed: ${(e as Error).message}` } };
    }
    try {
      const started = (await o.backend.call('cities.import', { path: file, name: cityNameFromFile(fileName) }, ctx)) as { id: string; name: string };
      waiting.set(started.id, file);
      return { status: 200, body: started };
    } catch (e) {
      rmSync(file, { force: true });
      if (e instanceof BoardError) return { status: e.code === 'import_running' ? 409 : 400, body: e.toJSON() };
      throw e;
    }
  }

  return {
    upload,
    /** Uploads still waiting for their import to end (tests). */
    pending: () => waiting.size,
    /** Removes what is still waiting (the host is closing; a running import is cancelled by the backend). */
    close() {
      for (const f of waiting.values()) rmSync(f, { force: true });
      waiting.clear();
    },
  };
}
