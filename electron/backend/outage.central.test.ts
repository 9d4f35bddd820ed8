/**
 * The longest outage of the client's year (11 hours), compressed: the central's clock
 * runs ×2000 so eleven hours of fleet activity pass in about 20 s. Meanwhile the
 * officers keep working (stock bookings, vehicle repairs, requests and dispatches), the
 * backend is restarted, and the central itself restarts with its data kept. When the
 * link returns the queue drains, nothing is lost or applied twice, and the board's
 * figures equal the central's.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer } from '../../central/server';
import { ensureDemoCity } from '../../central/test-support';
import type { MethodResult } from '../../shared/board-api';
import { TABLE_NAMES } from '../../shared/replica/registry';
import { createBackend, type Backend } from './backend';
import { tempDir, testCacheKey, waitFor } from './test-support';

const cacheKey = testCacheKey();

const baseMapPath = resolve(import.meta.dirname, '../../resources/demo-city/build/basemap.mbtiles');
const HOURS = 11;
const SPEED = 2000;
let tmp: ReturnType<typeof tempDir>;
let central: CentralServer;
let backend: Backend;

const startCentral = () => createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 200, speedFactor: SPEED });
const startBackend = (url: string) => {
  const b = createBackend({
    cacheKey,
    dbPath: join(tmp.dir, 'cache.sqlite'),
    centralUrl: url,
    baseMapPath,
    log: () => {},
    offlineAfterMs: 2_000,
    pushBackoff: { initialDelay: 50, maxDelay: 2_000 },
  });
  b.start();
  return b;
};

beforeAll(async () => {
  await ensureDemoCity();
  tmp = tempDir('jb-outage-');
}, 120_000);
afterAll(async () => {
  await backend?.close();
  await central?.close();
  tmp?.remove();
});

describe(`an ${HOURS}-hour outage, compressed ×${SPEED}`, () => {
  it('keeps the queue through restarts, drains it, and ends with the board equal to the central', async () => {
    central = await startCentral();
    backend = startBackend(central.url);
    await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 0, 'synced');
    await waitFor(async () => ((await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).positions.length > 100, 'positions');
    const cursorBefore = backend.stats().cursor;

    // The link to the central goes down.
    central.faults.set({ offline: true });
    const outageStart = Date.now();
    await waitFor(() => backend.stats().link.state === 'offline', 'offline', 15_000);

    // Officers keep working for the whole "shift".
    let issued = 0;
    const work = async (round: number) => {
      await backend.call('stock.adjust', { siteId: 'depot-central', itemId: 'n95-mask', delta: -100, reason: `发放 ${round}` });
      await backend.call('stock.adjust', { siteId: 'depot-east', itemId: 'protective-suit', delta: 50, reason: `入库 ${round}` });
      issued += 2;
      if (round % 5 === 0) {
        const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
        const v = snap.vehicles.find((x) => x.status === 'available' && x.kind === 'van');
        const plan = (await backend.call('dispatch.plan', { destination: { lon: 11.9736, lat: 57.7089 }, items: [{ itemId: 'life-jacket', quantity: 30 }], priority: 'orange' })) as MethodResult<'dispatch.plan'>;
        if (v && plan.ok) {
          const { requestId } = (await backend.call('request.create', { destination: { lon: 11.9736, lat: 57.7089, label: `现场 ${round}` }, items: [{ itemId: 'life-jacket', quantity: 30 }], priority: 'orange', requester: '指挥中心', note: '' })) as MethodResult<'request.create'>;
          const runs = plan.plans[0]!.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS }));
          await backend.call('dispatch.accept', { requestId, runs, confirmBelowSafety: !plan.plans[0]!.keepsReserve });
          issued += 1 + runs.length;
        }
      }
    };
    let round = 0;
    for (; round < 20; round++) await work(round);

    // The workstation restarts mid-outage: the queue is in SQLite, not in memory.
    const queuedBeforeRestart = backend.stats().queueDepth;
    expect(queuedBeforeRestart).toBe(issued);
    await backend.close();
    backend = startBackend(central.url);
    expect(backend.stats().queueDepth).toBe(queuedBeforeRestart);
    for (; round < 40; round++) await work(round);

    // The central restarts too (data kept), still unreachable from here, while its
    // clock runs on: eleven simulated hours of the fleet's activity in all.
    const url = central.url;
    await central.close();
    central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: Number(new URL(url).port), tickMs: 200, speedFactor: SPEED });
    central.faults.set({ offline: true });
    const simTarget = (HOURS * 3600) / SPEED;
    await waitFor(() => (Date.now() - outageStart) / 1000 >= simTarget, `${HOURS} simulated hours`, 60_000, 250);
    expect(backend.stats().link.state).toBe('offline');
    expect(backend.stats().queueDepth).toBe(issued);

    // The link returns.
    central.faults.set({ offline: false });
    const t0 = Date.now();
    await waitFor(() => backend.stats().queueDepth === 0 && backend.stats().link.state === 'connected', 'drained and connected', 60_000, 100);
    console.log(`outage of ${((Date.now() - outageStart) / 1000).toFixed(1)} s (${HOURS} h simulated): ${issued} commands queued, drained in ${Date.now() - t0} ms; catch-up of ${backend.stats().cursor - cursorBefore} changes`);
    // Each command answered once: applied, or refused and shown to the officer as a
    // conflict (in eleven hours the central's own dispatching may have taken a planned vehicle).
    const { commandsApplied, commandsRejected, commandsReplayed } = central.stats();
    console.log(`applied ${commandsApplied}, refused ${commandsRejected} (conflicts), replayed ${commandsReplayed}`);
    expect(commandsApplied + commandsRejected).toBe(issued);
    expect(backend.stats().conflicts).toBe(commandsRejected);

    // The board's figures equal the central's: every table's digest matches.
    central.simulator.pause();
    await backend.pull();
    const results = await backend.reconcile();
    expect(results.map((r) => `${r.table}:${r.result}`).sort()).toEqual(TABLE_NAMES.map((t) => `${t}:match`).sort());
    const health = (await backend.call('link.health', {})) as MethodResult<'link.health'>;
    expect(health.outages.length).toBeGreaterThanOrEqual(1);
    const longest = health.outages.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    expect(longest.durationMs).toBeGreaterThan(simTarget * 1000 * 0.5);
    expect(health.outages.reduce((n, o) => n + o.commandsQueued, 0)).toBe(issued);
  }, 120_000);
});
