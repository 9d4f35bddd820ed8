/**
 * Settings → Cities on the browser host: an administrator's browser uploads an .osm.pbf
 * (POST /cities/upload), the host streams it to its data folder and imports it; the file is
 * gone afterwards, whichever way the import ended. Who may not, a foreign page, and a file over
 * the limit are refused before anything is written. Needs ../shared/data/monaco.osm.pbf.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventData } from '../../shared/board-api';
import { createBackend, type Backend } from '../backend/backend';
import { seedDemoAccounts, tempDir, testCacheKey, waitFor } from '../backend/test-support';
import { startHost, type Host } from './server';

const MONACO = resolve(import.meta.dirname, '../../../shared/data/monaco.osm.pbf');
const present = existsSync(MONACO);
if (!present) console.warn(`city upload: ${MONACO} is absent (../shared/data); skipped`);

describe.skipIf(!present)('city upload on the browser host', () => {
  const cacheKey = testCacheKey();
  let tmp: ReturnType<typeof tempDir>;
  let backend: Backend;
  let host: Host;
  const ends: (EventData<'cities.importDone'> | EventData<'cities.importFailed'>)[] = [];
  const uploads = () => (existsSync(join(tmp.dir, 'data', 'uploads')) ? readdirSync(join(tmp.dir, 'data', 'uploads')) : []);
  const cities = () => (existsSync(join(tmp.dir, 'cities')) ? readdirSync(join(tmp.dir, 'cities')) : []);

  beforeAll(async () => {
    tmp = tempDir('jb-upload-');
    const renderer = join(tmp.dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>board</title>');
    seedDemoAccounts(join(tmp.dir, 'cache.sqlite'), cacheKey);
    backend = createBackend({
      cacheKey,
      dbPath: join(tmp.dir, 'cache.sqlite'),
      centralUrl: 'http://127.0.0.1:9',
      baseMapPath: resolve(import.meta.dirname, '../../resources/demo-city/build/basemap.mbtiles'),
      citiesDir: join(tmp.dir, 'cities'),
      log: () => {},
      demo: true,
    });
    backend.subscribe((out) => {
      if (!(out instanceof ArrayBuffer) && out.kind === 'event' && (out.name === 'cities.importDone' || out.name === 'cities.importFailed')) ends.push(out.data as (typeof ends)[number]);
    });
    host = await startHost({ backend, rendererDir: renderer, wallToken: 'sesame', demoLoginKey: 'demo-key', dataDir: join(tmp.dir, 'data'), maxUploadBytes: 3_000_000, log: () => {} });
  });
  afterAll(async () => {
    await host?.close();
    await backend?.close();
    tmp?.remove();
  });

  const signIn = async (role: string) => {
    const r = await fetch(`${host.url}/auth/demo?role=${role}&key=demo-key`, { redirect: 'manual' });
    return r.headers.get('set-cookie')!.split(';')[0]!;
  };
  const upload = (body: Uint8Array, headers: Record<string, string>, name = 'monaco-latest.osm.pbf') =>
    fetch(`${host.url}/cities/upload?name=${encodeURIComponent(name)}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'application/octet-stream', ...headers } });

  it('refuses without a session, for a duty officer, from a foreign page, and over the size limit: nothing written', async () => {
    const bytes = new Uint8Array(readFileSync(MONACO));
    expect((await upload(bytes, {})).status).toBe(401);
    const duty = await upload(bytes, { cookie: await signIn('duty') });
    expect(duty.status).toBe(403);
    expect(await duty.json()).toMatchObject({ code: 'forbidden' });
    const admin = await signIn('admin');
    expect((await upload(bytes, { cookie: admin, origin: 'http://evil.example' })).status).toBe(403);
    const big = await upload(new Uint8Array(3_500_000), { cookie: admin });
    expect(big.status).toBe(413);
    expect(uploads()).toEqual([]);
    expect(cities()).toEqual([]);
    expect(ends).toEqual([]);
  });

  it("imports an administrator's upload, then removes the uploaded file", async () => {
    const r = await upload(new Uint8Array(readFileSync(MONACO)), { cookie: await signIn('admin') });
    expect(r.status).toBe(200);
    const started = (await r.json()) as { id: string; name: string };
    expect(started.name).toBe('monaco-latest');
    const end = await waitFor(() => ends.find((e) => e.id === started.id), 'the import to end', 60_000);
    expect(end).toMatchObject({ city: { name: 'monaco-latest', roads: 1746 } });
    await waitFor(() => uploads().length === 0, 'the upload removed');
    expect(cities()).toEqual(['monaco-latest']);
  }, 90_000);

  it('a truncated upload is refused by the import with its reason; neither the upload nor a city stays', async () => {
    const bytes = new Uint8Array(readFileSync(MONACO));
    const r = await upload(bytes.subarray(0, Math.floor(bytes.length / 2)), { cookie: await signIn('admin') }, 'cut.osm.pbf');
    expect(r.status).toBe(200);
    const started = (await r.json()) as { id: string };
    const end = await waitFor(() => ends.find((e) => e.id === started.id), 'the import to end', 60_000);
    expect(end).toMatchObject({ code: 'truncated' });
    await waitFor(() => uploads().length === 0, 'the upload removed');
    expect(cities()).toEqual(['monaco-latest']);
  }, 60_000);
});
