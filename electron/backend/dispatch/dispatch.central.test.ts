/**
 * Emergency supply dispatch through the backend against the real central: request,
 * recommended plans on real drive times, dispatch, the simulated vehicle delivering
 * (time-compressed), the request closing with its times, and the KPIs. Also offline:
 * the whole flow queues while the link is cut and confirms when it returns.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer } from '../../../central/server';
import type { MethodResult } from '../../../shared/board-api';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend, type Backend } from '../backend';
import { tempDir, TEST_CALLER, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();

const baseMapPath = DEMO_BASE_MAP;
const cleanups = centralSuite();

async function stack(speedFactor = 60) {
  const tmp = tempDir('jb-dispatch-');
  cleanups.push(() => tmp.remove());
  // No jobs of the simulator's own: at ×60 an available van goes out on one every 30 s or so, and
  // one taking the planned vehicle between the plan and the accept is refused vehicle_unavailable
  // by the central (a true conflict, the conflict panel's), which is not what these tests are about.
  const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 200, speedFactor, simulatedJobs: false });
  cleanups.push(() => central.close());
  const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath, log: () => {}, pushBackoff: { initialDelay: 50, maxDelay: 500 } });
  cleanups.push(() => backend.close());
  backend.start();
  await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 0, 'synced');
  // Positions for every vehicle before planning.
  await waitFor(async () => ((await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).positions.length > 100, 'positions');
  return { central, backend };
}

// Near Göteborg's central station: on the road network, inside the city.
const scene = { lon: 11.9736, lat: 57.7089, label: '中央车站广场' };
const items = [
  { itemId: 'life-jacket', quantity: 60 },
  { itemId: 'emergency-light', quantity: 20 },
];

const plan = async (b: Backend, destination: { lon: number; lat: number } = scene, it = items) =>
  (await b.call('dispatch.plan', { destination: { lon: destination.lon, lat: destination.lat }, items: it, priority: 'red' })) as MethodResult<'dispatch.plan'>;
const list = async (b: Backend) => (await b.call('request.list', {})) as MethodResult<'request.list'>;

describe('emergency supply dispatch', () => {
  it('plans on drive times, dispatches, and the request closes with its times and the KPIs', async () => {
    const { backend } = await stack();
    const p = await plan(backend);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.plans.length).toBeGreaterThanOrEqual(2);
    const best = p.plans[0]!;
    expect(best.meetsDeadline).toBe(true);
    expect(best.arrivalS).toBeLessThan(1800);
    expect(best.runs[0]!.legs.every((l) => l.path && l.path.length > 1)).toBe(true);

    const { requestId } = (await backend.call('request.create', { destination: scene, items, priority: 'red', requester: '东区派出所', note: '' })) as MethodResult<'request.create'>;
    const { dispatchIds } = (await backend.call('dispatch.accept', {
      requestId,
      runs: best.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS })),
      // The plan says when it draws a site below its safety stock; accepting it is the officer's confirmation.
      confirmBelowSafety: !best.keepsReserve,
    })) as MethodResult<'dispatch.accept'>;
    expect(dispatchIds).toHaveLength(best.runs.length);
    // Stock is reserved at once on the board, the vehicle turns en route.
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    expect(snap.vehicles.find((v) => v.id === best.runs[0]!.vehicleId)?.status).toBe('enroute');
    await waitFor(async () => (await list(backend)).requests.find((r) => r.id === requestId)?.status === 'dispatched' && backend.stats().queueDepth === 0, 'dispatched on the central');
    const route = (await backend.call('dispatch.route', { dispatchId: dispatchIds[0]! })) as MethodResult<'dispatch.route'>;
    expect(route.path.length).toBeGreaterThan(2);

    // ×60 time: a 10-minute run takes 10 s.
    await waitFor(async () => (await list(backend)).requests.find((r) => r.id === requestId)?.status === 'delivered', 'delivered', 60_000, 200);
    const done = await list(backend);
    const delivered = done.requests.find((r) => r.id === requestId)!;
    expect(delivered.deliveredAt).toBeGreaterThan(delivered.createdAt);
    // The central's events: loaded at the last pickup site, then delivered.
    for (const d of done.dispatches.filter((x) => x.requestId === requestId)) {
      expect(d.pickedUpAt).not.toBeNull();
      expect(d.pickedUpAt!).toBeLessThanOrEqual(d.deliveredAt!);
    }
    const kpi = (await backend.call('kpi.report', { period: 'day' })) as MethodResult<'kpi.report'>;
    expect(kpi.delivered).toBe(1);
    expect(kpi.moved).toEqual(items.map((i) => ({ itemId: i.itemId, quantity: i.quantity })).sort((a, b) => a.itemId.localeCompare(b.itemId)));
    expect(kpi.onTimeShare).toBe(1);
  }, 90_000);

  it('refuses bad requests clearly and leaves nothing behind', async () => {
    const { backend } = await stack(1);
    expect(await backend.handle({ kind: 'call', id: 1, method: 'dispatch.plan', arg: { destination: { lon: scene.lon, lat: scene.lat }, items: [{ itemId: 'life-jacket', quantity: -5 }], priority: 'red' } }, TEST_CALLER)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await backend.handle({ kind: 'call', id: 2, method: 'dispatch.plan', arg: { destination: { lon: 'x', lat: 57 }, items, priority: 'red' } }, TEST_CALLER)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const far = await plan(backend, { lon: 116.4, lat: 39.9 });
    expect(far).toMatchObject({ ok: false });
    const unknown = await plan(backend, scene, [{ itemId: 'tank', quantity: 1 }]);
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown_item' });
    const tooMuch = await plan(backend, scene, [{ itemId: 'generator', quantity: 999_999 }]);
    expect(tooMuch).toMatchObject({ ok: false, reason: 'insufficient_stock' });
    await expect(backend.call('request.create', { destination: scene, items: [{ itemId: 'tank', quantity: 1 }], priority: 'red', requester: '', note: '' })).rejects.toMatchObject({ code: 'unknown_item' });

    const { requestId } = (await backend.call('request.create', { destination: scene, items, priority: 'yellow', requester: '', note: '' })) as MethodResult<'request.create'>;
    const queued = backend.stats().queueDepth;
    const snapBefore = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    const vehicle = snapBefore.vehicles.find((v) => v.status === 'available')!;
    const busy = snapBefore.vehicles.find((v) => v.status === 'maintenance')!;
    // More than the site holds: refused, nothing queued (no partial reservation).
    await expect(
      backend.call('dispatch.accept', { requestId, runs: [
        { vehicleId: vehicle.id, siteIds: ['depot-central'], pickups: [{ siteId: 'depot-central', itemId: 'life-jacket', quantity: 10 }], arrivalS: 600 },
        // (Not qp-01: it stands at this destination, which is refused before the stock is counted.)
        { vehicleId: snapBefore.vehicles.filter((v) => v.status === 'available')[1]!.id, siteIds: ['qp-03'], pickups: [{ siteId: 'qp-03', itemId: 'generator', quantity: 999 }], arrivalS: 600 },
      ] }),
    ).rejects.toMatchObject({ code: 'insufficient_stock', message: expect.stringMatching(/insufficient stock/) });
    await expect(
      backend.call('dispatch.accept', { requestId, runs: [{ vehicleId: busy.id, siteIds: ['depot-central'], pickups: [{ siteId: 'depot-central', itemId: 'life-jacket', quantity: 1 }], arrivalS: 600 }] }),
    ).rejects.toMatchObject({ code: 'vehicle_unavailable', message: expect.stringMatching(/not available/) });
    expect(backend.stats().queueDepth).toBe(queued);
    await expect(backend.call('dispatch.confirmPickup', { dispatchId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  }, 60_000);

  it('works offline: request and dispatch queue while the link is cut, show as pending, and confirm when it returns', async () => {
    const { backend, central } = await stack(1);
    backend.setCut(true);
    await waitFor(() => backend.stats().link.state !== 'connected', 'link down');
    const p = await plan(backend);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const { requestId } = (await backend.call('request.create', { destination: scene, items, priority: 'orange', requester: '', note: '' })) as MethodResult<'request.create'>;
    await backend.call('dispatch.accept', { requestId, runs: p.plans[0]!.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS })), confirmBelowSafety: !p.plans[0]!.keepsReserve });
    const offline = await list(backend);
    expect(offline.requests.find((r) => r.id === requestId)?.status).toBe('dispatched');
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    expect(snap.pending.filter((x) => x.target === `request:${requestId}`).length).toBeGreaterThanOrEqual(2);
    expect(central.stats().commandsApplied).toBe(0);

    backend.setCut(false);
    await waitFor(() => backend.stats().queueDepth === 0, 'drained');
    await waitFor(async () => ((await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).pending.length === 0, 'confirmed');
    expect((await list(backend)).requests.find((r) => r.id === requestId)?.status).toBe('dispatched');
    expect(central.stats().commandsApplied).toBe(1 + p.plans[0]!.runs.length);

    // The officer confirms the pickup by hand (×1 time: the vehicle is still on its way).
    const first = (await list(backend)).dispatches.find((x) => x.requestId === requestId)!;
    await backend.call('dispatch.confirmPickup', { dispatchId: first.id });
    expect((await list(backend)).dispatches.find((x) => x.id === first.id)?.pickedUpAt).not.toBeNull();
    await waitFor(() => backend.stats().queueDepth === 0, 'pickup sent');
    await expect(backend.call('dispatch.confirmPickup', { dispatchId: first.id })).rejects.toMatchObject({ code: 'dispatch_loaded' });
  }, 60_000);
});
