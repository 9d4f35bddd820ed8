/**
 * The cancel commands through the backend against the real central: queued while the link
 * is cut, shown at once by the board (stock back, vehicle free, request gone from the active
 * queue), confirmed when the link returns; and a cancel the central refuses (the goods were
 * delivered meanwhile) becomes a conflict the officer sees, with nothing half-applied.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer } from '../../../central/server';
import { centralFetch } from '../../../central/test-support';
import type { MethodResult } from '../../../shared/board-api';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend, type Backend } from '../backend';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();

const baseMapPath = DEMO_BASE_MAP;
const cleanups = centralSuite();

async function stack(): Promise<{ central: CentralServer; backend: Backend }> {
  const tmp = tempDir('jb-cancel-');
  cleanups.push(() => tmp.remove());
  const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, simulate: false, routeSliceMs: Infinity });
  cleanups.push(() => central.close());
  const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath, log: () => {}, pushBackoff: { initialDelay: 50, maxDelay: 500 } });
  cleanups.push(() => backend.close());
  backend.start();
  await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 0, 'synced');
  return { central, backend };
}

const scene = { lon: 11.9736, lat: 57.7089, label: '中央车站广场' };
const stockAt = async (b: Backend, siteId: string, itemId: string) =>
  ((await b.call('site.detail', { siteId })) as MethodResult<'site.detail'>).stock.find((l) => l.item.id === itemId)!.quantity;
const list = async (b: Backend) => (await b.call('request.list', {})) as MethodResult<'request.list'>;
const vehicleStatus = async (b: Backend, id: string) => ((await b.call('vehicle.detail', { vehicleId: id })) as MethodResult<'vehicle.detail'>).vehicle.status;

/** A request for 30 life jackets from the central depot, dispatched on one available van. */
async function dispatch(b: Backend) {
  const snap = (await b.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
  const van = snap.vehicles.find((v) => v.status === 'available' && v.kind === 'van')!;
  const { requestId } = (await b.call('request.create', { destination: scene, items: [{ itemId: 'life-jacket', quantity: 30 }], priority: 'orange', requester: '', note: '' })) as MethodResult<'request.create'>;
  const { dispatchIds } = (await b.call('dispatch.accept', {
    requestId,
    runs: [{ vehicleId: van.id, siteIds: ['depot-central'], pickups: [{ siteId: 'depot-central', itemId: 'life-jacket', quantity: 30 }], arrivalS: 600 }],
  })) as MethodResult<'dispatch.accept'>;
  return { requestId, dispatchId: dispatchIds[0]!, vehicleId: van.id };
}

describe('cancelling a request and a dispatch order', () => {
  it('queued while cut: the board shows it at once, and the central confirms it on return', async () => {
    const { central, backend } = await stack();
    const before = await stockAt(backend, 'depot-central', 'life-jacket');
    const { requestId, dispatchId, vehicleId } = await dispatch(backend);
    await waitFor(() => backend.stats().queueDepth === 0, 'dispatched');
    await waitFor(async () => (await stockAt(backend, 'depot-central', 'life-jacket')) === before - 30, 'stock taken');

    backend.setCut(true);
    await backend.call('request.cancel', { requestId, reason: '需求撤销', commandId: randomUUID() });
    // Shown at once, from the queue: stock back, vehicle free, order and request cancelled.
    expect(await stockAt(backend, 'depot-central', 'life-jacket')).toBe(before);
    expect(await vehicleStatus(backend, vehicleId)).toBe('available');
    const shown = await list(backend);
    expect(shown.requests.find((r) => r.id === requestId)?.status).toBe('cancelled');
    expect(shown.dispatches.find((d) => d.id === dispatchId)?.status).toBe('cancelled');
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    expect(snap.pending.map((p) => p.target)).toContain(`request:${requestId}`);
    expect(central.stats().commandsApplied).toBe(2);

    backend.setCut(false);
    await waitFor(() => backend.stats().queueDepth === 0, 'drained');
    expect(central.stats().commandsApplied).toBe(3);
    await waitFor(async () => ((await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).pending.length === 0, 'reflected');
    // The mirror now holds what the overlay showed, counted once.
    expect(await stockAt(backend, 'depot-central', 'life-jacket')).toBe(before);
    expect((await list(backend)).requests.find((r) => r.id === requestId)?.status).toBe('cancelled');
  });

  it('a cancel the central refuses (delivered meanwhile) becomes a conflict, and nothing is half-applied', async () => {
    const { central, backend } = await stack();
    const { requestId, dispatchId } = await dispatch(backend);
    await waitFor(() => backend.stats().queueDepth === 0, 'dispatched');
    // The board has pulled the dispatch (what the conflict shows as the central's row).
    await waitFor(() => backend.stats().cursor >= central.head().cursor, 'the dispatch pulled');
    const taken = await stockAt(backend, 'depot-central', 'life-jacket');

    backend.setCut(true);
    await backend.call('dispatch.cancel', { dispatchId, reason: '改派' });
    expect(await stockAt(backend, 'depot-central', 'life-jacket')).toBe(taken + 30);
    // Meanwhile the goods arrive (the vehicle's own event at the central).
    const res = await centralFetch(`${central.url}/commands`, { method: 'POST', body: JSON.stringify({ commands: [{ id: randomUUID(), type: 'dispatch.confirmDelivery', issuedAt: Date.now(), payload: { dispatchId, at: Date.now() } }] }) });
    expect(((await res.json()) as { results: { status: string }[] }).results[0]!.status).toBe('applied');

    backend.setCut(false);
    await waitFor(() => backend.stats().queueDepth === 0 && backend.stats().conflicts === 1, 'refused, one conflict');
    const { conflicts } = (await backend.call('conflict.list', {})) as MethodResult<'conflict.list'>;
    expect(conflicts[0]).toMatchObject({ type: 'dispatch.cancel', code: 'dispatch_closed', payload: { dispatchId } });
    expect(conflicts[0]!.serverRow).toMatchObject({ id: dispatchId, status: 'delivered' });
    // The refusal needs no undo: the board shows the central's state again.
    await waitFor(async () => (await stockAt(backend, 'depot-central', 'life-jacket')) === taken, 'stock as the central holds it');
    expect((await list(backend)).requests.find((r) => r.id === requestId)?.status).toBe('delivered');
  });
});

describe('plans that cannot be wrong', () => {
  it('re-times an edited plan on the roads, and the dispatch promises that time', async () => {
    const { backend } = await stack();
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    const van = snap.vehicles.find((v) => v.status === 'available' && v.kind === 'van')!;
    const { requestId } = (await backend.call('request.create', { destination: scene, items: [{ itemId: 'helmet', quantity: 12 }], priority: 'red', requester: '', note: '' })) as MethodResult<'request.create'>;
    const near = (await backend.call('dispatch.retime', { requestId, runs: [{ vehicleId: van.id, siteIds: ['depot-central'], pickups: [{ siteId: 'depot-central', itemId: 'helmet', quantity: 12 }] }] })) as MethodResult<'dispatch.retime'>;
    const far = (await backend.call('dispatch.retime', { requestId, runs: [{ vehicleId: van.id, siteIds: ['depot-north'], pickups: [{ siteId: 'depot-north', itemId: 'helmet', quantity: 12 }] }] })) as MethodResult<'dispatch.retime'>;
    expect(near.problems).toEqual([]);
    for (const t of [near, far]) {
      expect(t.runs[0]!.legs).toHaveLength(2);
      expect(t.runs[0]!.legs.every((l) => l.path && l.path.length > 1)).toBe(true);
      expect(t.marginS).toBeCloseTo(t.deadlineS - t.arrivalS!, 6);
    }
    expect(far.arrivalS).not.toBe(near.arrivalS);
    const t0 = Date.now();
    const { dispatchIds } = (await backend.call('dispatch.accept', { requestId, runs: [{ vehicleId: van.id, siteIds: ['depot-north'], pickups: [{ siteId: 'depot-north', itemId: 'helmet', quantity: 12 }], arrivalS: 1 }] })) as MethodResult<'dispatch.accept'>;
    // The promise is the roads' time, not the 1 s the caller claimed.
    const promised = (await list(backend)).dispatches.find((d) => d.id === dispatchIds[0])!.predictedArrivalAt;
    expect(Math.abs(promised - (t0 + far.arrivalS! * 1000))).toBeLessThan(20_000);
  });

  it.each([
    ['over capacity (13 helmets, 3 cartons, on a motorcycle that carries 2)', 'motorcycle', 'depot-central', 13, 'over_capacity'],
    ['the destination’s own shelf', 'van', 'qp-here', 6, 'source_is_destination'],
    ['more than the source holds', 'van', 'qp-fewest', 0, 'insufficient_stock'],
  ])('refuses %s, names the reason, and queues nothing', async (_n, kind, site, q, code) => {
    const { backend } = await stack();
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    const v = snap.vehicles.find((x) => x.status === 'available' && x.kind === kind)!;
    const qp = snap.sites.find((s) => s.kind === 'quickpick')!;
    // The quick-pick point with the fewest helmets, asked for 5 more than it holds.
    const lines = await Promise.all(snap.sites.filter((s) => s.kind === 'quickpick').map(async (s) => ({ s, line: ((await backend.call('site.detail', { siteId: s.id })) as MethodResult<'site.detail'>).stock.find((l) => l.item.id === 'helmet') })));
    const fewest = lines.filter((x) => x.line).sort((a, b) => a.line!.quantity - b.line!.quantity)[0]!;
    const siteId = site === 'qp-here' ? qp.id : site === 'qp-fewest' ? fewest.s.id : site;
    const quantity = site === 'qp-fewest' ? fewest.line!.quantity + 5 : q;
    const destination = site === 'qp-here' ? { lon: qp.lon, lat: qp.lat, label: qp.name } : scene;
    const { requestId } = (await backend.call('request.create', { destination, items: [{ itemId: 'helmet', quantity }], priority: 'red', requester: '', note: '' })) as MethodResult<'request.create'>;
    await waitFor(() => backend.stats().queueDepth === 0, 'request stored');
    const runs = [{ vehicleId: v.id, siteIds: [siteId], pickups: [{ siteId, itemId: 'helmet', quantity }] }];
    const timed = (await backend.call('dispatch.retime', { requestId, runs })) as MethodResult<'dispatch.retime'>;
    expect(timed.problems.map((p) => p.code)).toContain(code);
    await expect(backend.call('dispatch.accept', { requestId, runs: runs.map((r) => ({ ...r, arrivalS: 600 })) })).rejects.toMatchObject({ code, params: expect.any(Object) });
    expect(backend.stats().queueDepth).toBe(0);
  });

  it('takes a site below its safety stock only when the officer confirms it', async () => {
    const { backend } = await stack();
    const depot = ((await backend.call('site.detail', { siteId: 'depot-east' })) as MethodResult<'site.detail'>).stock.find((l) => l.item.id === 'helmet')!;
    const quantity = depot.quantity - depot.safetyLevel + 1;
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    const truck = snap.vehicles.filter((x) => x.status === 'available').sort((a, b) => b.capacity - a.capacity)[0]!;
    const { requestId } = (await backend.call('request.create', { destination: scene, items: [{ itemId: 'helmet', quantity }], priority: 'red', requester: '', note: '' })) as MethodResult<'request.create'>;
    const runs = [{ vehicleId: truck.id, siteIds: ['depot-east'], pickups: [{ siteId: 'depot-east', itemId: 'helmet', quantity }], arrivalS: 600 }];
    await expect(backend.call('dispatch.accept', { requestId, runs })).rejects.toMatchObject({ code: 'below_safety' });
    const { dispatchIds } = (await backend.call('dispatch.accept', { requestId, runs, confirmBelowSafety: true })) as MethodResult<'dispatch.accept'>;
    expect(dispatchIds).toHaveLength(1);
  });
});
