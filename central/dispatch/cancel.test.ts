/**
 * The cancel commands' rules at the central (shared/dispatch/commands/cancel.ts), over
 * HTTP against the real reference server: cancelling releases the stock an order took and
 * frees its vehicle (in the database and in the simulator), a cancelled request's orders go
 * with it, and after delivery a cancel is refused with its code and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, CommandResult } from '../../shared/central-api';
import type { DispatchOrder, Stock, SupplyRequest, Vehicle } from '../../shared/domain';
import { createCentralServer, type CentralServer } from '../server';
import { centralFetch, ensureDemoCity, tempDir } from '../test-support';

const tmp = tempDir('jb-cancel-');
let server: CentralServer;
beforeAll(async () => {
  await ensureDemoCity();
  server = await createCentralServer({ dbPath: tmp.db(), simulate: false, routeSliceMs: Infinity });
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const send = async (type: Command['type'], payload: unknown): Promise<CommandResult> => {
  const res = await centralFetch(`${server.url}/commands`, { method: 'POST', body: JSON.stringify({ commands: [{ id: randomUUID(), type, issuedAt: Date.now(), payload }] }) });
  return ((await res.json()) as { results: CommandResult[] }).results[0]!;
};
const snapshot = async <T>(table: string): Promise<T[]> => ((await (await centralFetch(`${server.url}/snapshot?table=${table}`)).json()) as { rows: T[] }).rows;
const stockOf = async (siteId: string, itemId: string) => (await snapshot<Stock>('stock')).find((s) => s.siteId === siteId && s.itemId === itemId)!.quantity;
const vehicleOf = async (id: string) => (await snapshot<Vehicle>('vehicle')).find((v) => v.id === id)!;
const requestOf = async (id: string) => (await snapshot<SupplyRequest>('request')).find((r) => r.id === id)!;
const dispatchOf = async (id: string) => (await snapshot<DispatchOrder>('dispatch')).find((d) => d.id === id)!;

/** A request and one order for it, from a depot, by an available vehicle. */
async function dispatched(siteId: string, itemId: string, quantity: number) {
  const vehicle = (await snapshot<Vehicle>('vehicle')).find((v) => v.status === 'available' && v.kind === 'van' && server.simulator.statusOf(v.id) === 'available')!;
  const requestId = randomUUID();
  const dispatchId = randomUUID();
  const now = Date.now();
  // A destination in the site's own county (at the site itself): an order within the county runs at once, with no approval.
  const site = (await snapshot<{ id: string; lon: number; lat: number }>('site')).find((s) => s.id === siteId)!;
  expect(await send('request.create', { request: { id: requestId, destination: { lon: site.lon, lat: site.lat, label: '林奈广场' }, items: [{ itemId, quantity }], priority: 'orange', requester: '', note: '', createdAt: now, deadlineAt: now + 1_800_000 } })).toMatchObject({ status: 'applied' });
  expect(await send('dispatch.create', { dispatch: { id: dispatchId, requestId, vehicleId: vehicle.id, pickups: [{ siteId, itemId, quantity }], siteIds: [siteId], predictedArrivalAt: now + 600_000, createdAt: now } })).toMatchObject({ status: 'applied' });
  expect(server.simulator.statusOf(vehicle.id)).toBe('enroute');
  return { requestId, dispatchId, vehicleId: vehicle.id };
}

describe('request.cancel and dispatch.cancel at the central', () => {
  it('dispatch.cancel gives the stock back, frees the vehicle, and reopens the request', async () => {
    const before = await stockOf('depot-central', 'life-jacket');
    const { requestId, dispatchId, vehicleId } = await dispatched('depot-central', 'life-jacket', 25);
    expect(await stockOf('depot-central', 'life-jacket')).toBe(before - 25);
    expect(await send('dispatch.cancel', { dispatchId, reason: '改派' })).toMatchObject({ status: 'applied' });
    expect(await stockOf('depot-central', 'life-jacket')).toBe(before);
    expect((await vehicleOf(vehicleId)).status).toBe('available');
    expect(server.simulator.statusOf(vehicleId)).toBe('available');
    expect((await dispatchOf(dispatchId)).status).toBe('cancelled');
    expect((await requestOf(requestId)).status).toBe('open');
    // Cancelling twice changes nothing more.
    expect(await send('dispatch.cancel', { dispatchId, reason: '再次' })).toMatchObject({ status: 'applied' });
    expect(await stockOf('depot-central', 'life-jacket')).toBe(before);
  });

  it('request.cancel calls off its orders on the way and cancels the request', async () => {
    const before = await stockOf('depot-north', 'helmet');
    const { requestId, dispatchId, vehicleId } = await dispatched('depot-north', 'helmet', 12);
    expect(await send('request.cancel', { requestId, reason: '需求撤销' })).toMatchObject({ status: 'applied' });
    expect(await stockOf('depot-north', 'helmet')).toBe(before);
    expect((await vehicleOf(vehicleId)).status).toBe('available');
    expect((await dispatchOf(dispatchId)).status).toBe('cancelled');
    expect((await requestOf(requestId)).status).toBe('cancelled');
    // A cancelled request takes no new order.
    const v = (await snapshot<Vehicle>('vehicle')).find((x) => x.status === 'available')!;
    expect(await send('dispatch.create', { dispatch: { id: randomUUID(), requestId, vehicleId: v.id, pickups: [{ siteId: 'depot-north', itemId: 'helmet', quantity: 1 }], siteIds: ['depot-north'], predictedArrivalAt: 1, createdAt: 1 } })).toMatchObject({ status: 'rejected', code: 'request_closed' });
  });

  it('after delivery both are refused with their codes, and nothing changes', async () => {
    const { requestId, dispatchId } = await dispatched('depot-east', 'drone', 2);
    expect(await send('dispatch.confirmDelivery', { dispatchId, at: Date.now() })).toMatchObject({ status: 'applied' });
    const stock = await stockOf('depot-east', 'drone');
    expect(await send('dispatch.cancel', { dispatchId, reason: 'x' })).toMatchObject({ status: 'rejected', code: 'dispatch_closed' });
    expect(await send('request.cancel', { requestId, reason: 'x' })).toMatchObject({ status: 'rejected', code: 'request_closed' });
    expect(await stockOf('depot-east', 'drone')).toBe(stock);
    expect((await requestOf(requestId)).status).toBe('delivered');
    expect((await dispatchOf(dispatchId)).status).toBe('delivered');
  });

  it('an unknown request or order is not_found', async () => {
    expect(await send('request.cancel', { requestId: randomUUID(), reason: '' })).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await send('dispatch.cancel', { dispatchId: randomUUID(), reason: '' })).toMatchObject({ status: 'rejected', code: 'not_found' });
  });
});
