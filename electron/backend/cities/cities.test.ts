/**
 * Settings → Cities through the backend's board API, with the import in its worker thread:
 * Monaco (../shared/data/monaco.osm.pbf) imported with its stages in order, the board switched
 * to it (map.info and a plan on its roads); a cancelled or refused import leaves nothing behind
 * and the city in use as it was; a duty officer may not; the city in use cannot be deleted.
 * Skipped, saying so, where ../shared/data is absent.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardError, CallerContext, EventData, MethodResult } from '../../../shared/board-api';
import { createCentralServer, type CentralServer } from '../../../central/server';
import { importCity } from '../../../city/import-city';
import { resolveCityDir } from '../../../city/city-store';
import { createBackend, type Backend } from '../backend';
import { seedDemoAccounts, tempDir, testCacheKey, waitFor } from '../test-support';

const MONACO = resolve(import.meta.dirname, '../../../../shared/data/monaco.osm.pbf');
const DEMO_BASEMAP = resolve(import.meta.dirname, '../../../resources/demo-city/build/basemap.mbtiles');
const present = existsSync(MONACO);
if (!present) console.warn(`cities: ${MONACO} is absent (../shared/data); the board's city import tests are skipped`);

const SITES = [
  'id,kind,name,nameEn,address,lon,lat',
  'mc-central,central,摩纳哥中心库,Monaco Central Depot,Avenue Albert II,7.4155,43.7290',
  'mc-east,regional,蒙特卡洛区域库,Monte-Carlo Regional Depot,Avenue Princesse Grace,7.4350,43.7455',
  'mc-qp1,quickpick,快取点01·赌场广场,Quick-pick 01 · Place du Casino,Place du Casino,7.4280,43.7394',
].join('\n');

type Event = { name: string; data: unknown };

describe.skipIf(!present)('cities on the board (import in a worker, switch, delete)', () => {
  const cacheKey = testCacheKey();
  let tmp: ReturnType<typeof tempDir>;
  let citiesDir = '';
  let central: CentralServer;
  let backend: Backend;
  const events: Event[] = [];
  const of = <E extends 'cities.importProgress' | 'cities.importDone' | 'cities.importFailed' | 'cities.changed'>(name: E) =>
    events.filter((e) => e.name === name).map((e) => e.data as EventData<E>);
  const refusal = (p: Promise<unknown>) => p.then(() => 'no error', (e: BoardError) => e.code);
  const entries = () => (existsSync(citiesDir) ? readdirSync(citiesDir, { recursive: true }).map(String).sort() : []);

  beforeAll(async () => {
    tmp = tempDir('jb-cities-');
    citiesDir = join(tmp.dir, 'cities');
    mkdirSync(citiesDir);
    // The central runs Monaco (its sites and fleet), the board starts on the demo's Göteborg:
    // the two are configured separately, and the board says so until it switches.
    const seedDir = join(tmp.dir, 'central-city');
    importCity({ file: MONACO, dir: seedDir, name: 'monaco', sitesText: SITES, vehicles: 12 });
    central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, cityDir: resolveCityDir('monaco', seedDir), tickMs: 500 });
    seedDemoAccounts(join(tmp.dir, 'cache.sqlite'), cacheKey);
    backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASEMAP, citiesDir, log: () => {}, demo: true });
    backend.subscribe((out) => {
      if (!(out instanceof ArrayBuffer) && out.kind === 'event' && out.name.startsWith('cities.')) events.push({ name: out.name, data: out.data });
    });
    backend.start();
    await waitFor(() => backend.stats().cursor > 0, 'synced with the Monaco central', 20_000);
  }, 60_000);
  afterAll(async () => {
    await backend?.close();
    await central?.close();
    tmp?.remove();
  });

  const importAndWait = async (arg: { path: string; name?: string }) => {
    const before = events.length;
    const started = (await backend.call('cities.import', arg)) as MethodResult<'cities.import'>;
    const end = await waitFor(
      () => events.slice(before).find((e) => (e.name === 'cities.importDone' || e.name === 'cities.importFailed') && (e.data as { id: string }).id === started.id),
      `the import of ${arg.path} to end`,
      60_000,
    );
    return { started, end, events: events.slice(before) };
  };

  it('refuses a duty officer every cities method (cities.admin is the administrator\'s)', async () => {
    const ctx = (): CallerContext => ({ transport: 'websocket', origin: 'test', connection: { sessionId: null } });
    const duty = ctx();
    backend.auth.demoLogin(duty, 'duty');
    expect(await refusal(backend.call('cities.list', {}, duty))).toBe('forbidden');
    expect(await refusal(backend.call('cities.import', { path: MONACO }, duty))).toBe('forbidden');
    expect(await refusal(backend.call('cities.use', { name: 'monaco' }, duty))).toBe('forbidden');
    expect(await refusal(backend.call('cities.delete', { name: 'monaco' }, duty))).toBe('forbidden');
    const admin = ctx();
    backend.auth.demoLogin(admin, 'admin');
    expect((await backend.call('cities.list', {}, admin)) as MethodResult<'cities.list'>).toMatchObject({ cities: [], inUse: null, importing: null });
    expect(entries()).toEqual([]);
  });

  it('refuses a path that is no file before starting anything', async () => {
    expect(await refusal(backend.call('cities.import', { path: join(tmp.dir, 'nope.osm.pbf') }))).toBe('import_file_missing');
    expect(await refusal(backend.call('cities.import', { path: tmp.dir }))).toBe('import_file_missing');
    expect(await refusal(backend.call('cities.import', { path: MONACO, name: '../etc' }))).toBe('bad_request');
    expect(entries()).toEqual([]);
  });

  it('refuses a truncated extract with its reason, and leaves nothing behind', async () => {
    const cut = join(tmp.dir, 'cut.osm.pbf');
    const bytes = readFileSync(MONACO);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const { end } = await importAndWait({ path: cut, name: 'cut' });
    expect(end.name).toBe('cities.importFailed');
    expect(end.data).toMatchObject({ name: 'cut', code: 'truncated' });
    expect((end.data as { message: string }).message).toMatch(/cut short/);
    const notOsm = join(tmp.dir, 'notes.osm.pbf');
    writeFileSync(notOsm, 'id,kind,name\n1,central,x\n'.repeat(50));
    const second = await importAndWait({ path: notOsm, name: 'notes' });
    expect(second.end.data).toMatchObject({ code: 'not_osm' });
    expect(entries()).toEqual([]);
    expect(((await backend.call('map.info', {})) as MethodResult<'map.info'>).bounds[0]).toBeGreaterThan(11); // still Göteborg
  });

  it('imports Monaco in a worker, its stages in order, then the board is on it: map.info, and a plan on its roads', async () => {
    // Göteborg's roads cannot reach a Monaco address: the plan fails before the switch.
    const plan = () => backend.call('dispatch.plan', { destination: { lon: 7.4285, lat: 43.7392 }, items: [{ itemId: 'helmet', quantity: 2 }], priority: 'orange' }) as Promise<MethodResult<'dispatch.plan'>>;
    expect((await plan()).ok).toBe(false);
    const listBefore = (await backend.call('cities.list', {})) as MethodResult<'cities.list'>;
    expect(listBefore).toMatchObject({ inUse: null, sites: 3, startedWith: null });

    // The board API keeps answering while the worker imports.
    const t0 = Date.now();
    const started = (await backend.call('cities.import', { path: MONACO })) as MethodResult<'cities.import'>;
    expect(started.name).toBe('monaco');
    expect(await refusal(backend.call('cities.import', { path: MONACO, name: 'again' }))).toBe('import_running');
    const during = (await backend.call('cities.list', {})) as MethodResult<'cities.list'>;
    expect(during.importing).toMatchObject({ id: started.id, name: 'monaco' });
    const answered = Date.now() - t0;
    expect(answered).toBeLessThan(500);

    const done = await waitFor(() => of('cities.importDone').find((d) => d.id === started.id), 'Monaco imported', 60_000);
    const stages = of('cities.importProgress').filter((p) => p.id === started.id).map((p) => p.stage);
    expect([...new Set(stages)]).toEqual(['reading', 'graph', 'tiles', 'index', 'writing']);
    expect(done.city).toMatchObject({ name: 'monaco', roads: 1746, graphNodes: 16118, places: 19 });
    expect(done.city.roadKm).toBeGreaterThan(300);
    expect(done.city.areaKm2).toBeGreaterThan(50);
    expect(done.city.streets).toBeGreaterThan(100);
    expect(done.city.ms).toBeGreaterThan(0);
    // The central's Monaco sites lie inside the new city.
    expect(done).toMatchObject({ sitesOutside: 0, sites: 3 });
    expect(of('cities.changed').at(-1)).toEqual({ inUse: 'monaco', mapChanged: true });

    const info = (await backend.call('map.info', {})) as MethodResult<'map.info'>;
    expect(info.bounds[0]).toBeCloseTo(7.349, 2);
    expect(info.bounds[3]).toBeCloseTo(43.77, 2);
    const planned = await plan();
    if (!planned.ok) throw new Error(`no plan on Monaco's roads: ${planned.message}`);
    expect(planned.plans[0]!.arrivalS).toBeLessThan(20 * 60);
    expect(planned.plans[0]!.runs[0]!.siteIds.every((id) => id.startsWith('mc-'))).toBe(true);

    const list = (await backend.call('cities.list', {})) as MethodResult<'cities.list'>;
    expect(list).toMatchObject({ inUse: 'monaco', importing: null, sitesOutside: 0 });
    expect(list.cities.map((c) => c.name)).toEqual(['monaco']);
  }, 90_000);

  it('cancelled mid-import (while reading, and while cutting tiles): nothing left, the city in use untouched', async () => {
    const before = entries();
    for (const [name, at] of [['cancel-reading', 'reading'], ['cancel-tiles', 'tiles']] as const) {
      const from = events.length;
      const started = (await backend.call('cities.import', { path: MONACO, name })) as MethodResult<'cities.import'>;
      await waitFor(() => events.slice(from).some((e) => e.name === 'cities.importProgress' && (e.data as { stage: string }).stage === at), `the ${at} stage`, 30_000, 5);
      expect((await backend.call('cities.cancelImport', {})) as MethodResult<'cities.cancelImport'>).toEqual({ cancelled: true });
      const failed = of('cities.importFailed').find((f) => f.id === started.id);
      expect(failed, `${name}: the import ended cancelled (not done)`).toMatchObject({ code: 'cancelled' });
      expect(of('cities.importDone').some((d) => d.id === started.id)).toBe(false);
    }
    // Also for a city that already exists: its versions and pointer stay as they were.
    const from = events.length;
    const again = (await backend.call('cities.import', { path: MONACO })) as MethodResult<'cities.import'>;
    await waitFor(() => events.slice(from).some((e) => e.name === 'cities.importProgress' && (e.data as { stage: string }).stage === 'tiles'), 'the tiles stage', 30_000, 5);
    await backend.call('cities.cancelImport', {});
    expect(of('cities.importFailed').find((f) => f.id === again.id)).toMatchObject({ code: 'cancelled' });

    expect(entries()).toEqual(before);
    expect(entries().some((e) => e.includes('.tmp-') || e.startsWith('cancel-'))).toBe(false);
    expect(((await backend.call('cities.list', {})) as MethodResult<'cities.list'>).inUse).toBe('monaco');
    expect(((await backend.call('map.info', {})) as MethodResult<'map.info'>).bounds[0]).toBeCloseTo(7.349, 2);
    expect((await backend.call('cities.cancelImport', {})) as MethodResult<'cities.cancelImport'>).toEqual({ cancelled: false });
  }, 90_000);

  it('will not delete the city in use; deletes another; switching back to it works', async () => {
    expect(await refusal(backend.call('cities.delete', { name: 'monaco' }))).toBe('city_in_use');
    expect(existsSync(join(citiesDir, 'monaco'))).toBe(true);
    const second = await importAndWait({ path: MONACO, name: 'monaco-2' });
    expect(second.end.name).toBe('cities.importDone');
    expect(((await backend.call('cities.list', {})) as MethodResult<'cities.list'>).inUse).toBe('monaco-2');
    expect(await refusal(backend.call('cities.delete', { name: 'monaco-2' }))).toBe('city_in_use');
    expect((await backend.call('cities.use', { name: 'monaco' })) as MethodResult<'cities.use'>).toMatchObject({ inUse: 'monaco', sitesOutside: 0, sites: 3 });
    expect((await backend.call('cities.delete', { name: 'monaco-2' })) as MethodResult<'cities.delete'>).toEqual({ deleted: 'monaco-2' });
    expect(existsSync(join(citiesDir, 'monaco-2'))).toBe(false);
    expect(await refusal(backend.call('cities.use', { name: 'monaco-2' }))).toBe('city_not_found');
    expect(of('cities.changed').at(-1)).toEqual({ inUse: 'monaco', mapChanged: false });
  }, 60_000);

  it('starts on the city last switched to, unless one is named at start', async () => {
    await backend.close();
    const restarted = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASEMAP, citiesDir, log: () => {}, demo: true });
    try {
      expect(((await restarted.call('cities.list', {})) as MethodResult<'cities.list'>).inUse).toBe('monaco');
      expect(((await restarted.call('map.info', {})) as MethodResult<'map.info'>).bounds[0]).toBeCloseTo(7.349, 2);
    } finally {
      await restarted.close();
    }
    const named = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASEMAP, startedWithCity: 'demo', citiesDir, log: () => {}, demo: true });
    try {
      const list = (await named.call('cities.list', {})) as MethodResult<'cities.list'>;
      expect(list).toMatchObject({ inUse: null, startedWith: 'demo', sitesOutside: 3 });
      expect(((await named.call('map.info', {})) as MethodResult<'map.info'>).bounds[0]).toBeGreaterThan(11);
    } finally {
      backend = named; // closed by afterAll
    }
  }, 60_000);
});
