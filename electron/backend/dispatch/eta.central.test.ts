/**
 * Honest times: an order's arrival is re-predicted from where its vehicle is, as positions
 * come in. A vehicle slowed down on its way (a breakdown, a jam) shows late as soon as its
 * prediction passes the promise, and raises the deadline alert as soon as it passes the
 * deadline, not when the deadline itself passes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer } from '../../../central/server';
import type { MethodResult } from '../../../shared/board-api';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend, type Backend } from '../backend';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();

const baseMapPath = DEMO_BASE_MAP;
const cleanups = centralSuite();

async function stack(): Promise<{ central: CentralServer; backend: Backend }> {
  const tmp = tempDir('jb-eta-');
  cleanups.push(() => tmp.remove());
  const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 250 });
  cleanups.push(() => central.close());
  const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath, log: () => {}, etaEveryMs: 500, pushBackoff: { initialDelay: 50, maxDelay: 500 } });
  cleanups.push(() => backend.close());
  backend.start();
  await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 0, 'synced');
  await waitFor(async () => ((await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).positions.length > 100, 'positions');
  return { central, backend };
}

const scene = { lon: 11.9736, lat: 57.7089, label: '中央车站广场' };
const items = [{ itemId: 'life-jacket', quantity: 20 }];
const list = async (b: Backend) => (await b.call('request.list', {})) as MethodResult<'request.list'>;

describe('live arrival predictions', () => {
  it('a slowed vehicle shows late against its promise, and the deadline alert fires before the deadline passes', async () => {
    const { central, backend } = await stack();
    const planned = (await backend.call('dispatch.plan', { destination: { lon: scene.lon, lat: scene.lat }, items, priority: 'orange' })) as MethodResult<'dispatch.plan'>;
    if (!planned.ok) throw new Error(planned.message);
    const best = planned.plans[0]!;
    // A deadline the plan just meets (less than a minute to spare), so slowing it must miss it.
    const deadlineMinutes = Math.ceil((best.arrivalS + 10) / 60);
    const { requestId } = (await backend.call('request.create', { destination: scene, items, priority: 'orange', requester: '', note: '', deadlineMinutes })) as MethodResult<'request.create'>;
    const { dispatchIds } = (await backend.call('dispatch.accept', { requestId, runs: best.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS })) })) as MethodResult<'dispatch.accept'>;
    await waitFor(() => backend.stats().queueDepth === 0, 'dispatched');
    const dispatchId = dispatchIds[0]!;
    const promise = (await list(backend)).dispatches.find((d) => d.id === dispatchId)!.predictedArrivalAt;

    // On its way at its usual speed: predicted about when promised.
    const first = await waitFor(async () => (await list(backend)).etas.find((e) => e.dispatchId === dispatchId), 'a first prediction', 15_000);
    expect(Math.abs(first.etaAt - promise)).toBeLessThan(120_000);

    // The boards re-read the predictions when told they moved (dispatch.etasChanged).
    const told: number[] = [];
    cleanups.push(backend.subscribe((out) => {
      if (!(out instanceof ArrayBuffer) && out.kind === 'event' && out.name === 'dispatch.etasChanged') told.push(Date.now());
    }));
    // The vehicle crawls: the prediction slips past the promise, then past the deadline.
    const slowedAt = Date.now();
    for (const run of best.runs) expect(central.simulator.slow(run.vehicleId, 0.02)).toBe(true);
    const request = (await list(backend)).requests.find((r) => r.id === requestId)!;
    const late = await waitFor(async () => (await list(backend)).etas.find((e) => e.dispatchId === dispatchId && e.etaAt > promise + 5_000), 'predicted late', 30_000, 250);
    expect(late.computedAt).toBeGreaterThan(first.computedAt);
    // It slipped a little at each refresh (every 500 ms), and the boards were still told once
    // it had slipped 15 s: they are not left showing the first prediction.
    await waitFor(async () => (await list(backend)).etas.find((e) => e.dispatchId === dispatchId && e.etaAt > first.etaAt + 40_000), 'slipped 40 s', 60_000, 250);
    expect(told.filter((t) => t > slowedAt).length, 'dispatch.etasChanged after the slow-down').toBeGreaterThanOrEqual(1);
    const alert = await waitFor(
      async () => ((await backend.call('alert.list', {})) as MethodResult<'alert.list'>).alerts.find((a) => a.request?.id === requestId && a.kind === 'deadline_risk' && a.level === 'red'),
      'the deadline alert, raised by the prediction',
      90_000,
      500,
    );
    expect(alert.request!.predictedArrivalAt!).toBeGreaterThan(request.deadlineAt);
    // Raised while there was still time before the deadline: the prediction said so first.
    expect(Date.now()).toBeLessThan(request.deadlineAt);
  }, 150_000);
});
