/**
 * Vehicle mileage and service due, end to end against the real central: the central seeds each
 * vehicle's service record and its trackers (the simulator) drive the odometers on; the board
 * lists the vehicles due by mileage or by date exactly as the rule finds them in the central's
 * rows; a service recorded at the board leaves the list at once, reaches the central once (also
 * from a cut link, in order), is on the officer's audit chain, and a reading that cannot be
 * right is refused before anything is queued.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer } from '../../../central/server';
import { centralFetch } from '../../../central/test-support';
import { serviceDue } from '../../../shared/assets/turnout';
import type { CallerContext, MethodResult } from '../../../shared/board-api';
import type { Vehicle } from '../../../shared/fleet/schema';
import { SERVICE_READING_SLACK_KM } from '../../../shared/fleet/commands/vehicle-record-service';
import { openStore as openCentralStore } from '../../../central/store';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend, type Backend } from '../backend';
import { demoSignedIn, tempDir, refusal, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();
const cleanups = centralSuite();

async function stack(): Promise<{ central: CentralServer; backend: Backend; dbPath: string }> {
  const tmp = tempDir('jb-service-');
  cleanups.push(() => tmp.remove());
  const dbPath = join(tmp.dir, 'central.sqlite');
  const central = await createCentralServer({ dbPath, port: 0, simulate: false, routeSliceMs: Infinity, speedFactor: 30 });
  cleanups.push(() => central.close());
  const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true, pushBackoff: { initialDelay: 50, maxDelay: 500 } });
  cleanups.push(() => backend.close());
  backend.start();
  await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor >= central.head().cursor, 'synced', 60_000);
  return { central, backend, dbPath };
}
const signedIn = demoSignedIn;
const centralVehicles = async (central: CentralServer): Promise<Vehicle[]> => ((await (await centralFetch(`${central.url}/snapshot?table=vehicle`)).json()) as { rows: Vehicle[] }).rows;
const report = async (b: Backend, ctx: CallerContext) => (await b.call('readiness.service', {}, ctx)) as MethodResult<'readiness.service'>;
const synced = (b: Backend, c: CentralServer) => waitFor(() => b.stats().queueDepth === 0 && b.stats().cursor >= c.head().cursor, 'the board caught up with the central');

describe('vehicle mileage and service due', () => {
  it('lists what the rule finds in the central’s rows; a service recorded leaves the list at once and reaches the central once, audited', async () => {
    const { central, backend } = await stack();
    const duty = await signedIn(backend, 'duty');

    // The seeded records: every vehicle has one, and the demo's spread leaves some overdue and some due soon.
    const first = await centralVehicles(central);
    expect(first.every((v) => v.service !== undefined)).toBe(true);
    const r0 = await report(backend, duty);
    expect(r0.vehicles).toBe(first.length);
    expect(r0.unrecorded).toEqual([]);
    expect(r0.overdue).toBeGreaterThan(0);
    expect(r0.dueSoon).toBeGreaterThan(0);
    // The board's list is the rule over the central's rows, in the rule's order (overdue first, least left first).
    const expected = serviceDue(first, Date.now()).map((d) => `${d.vehicleId} ${d.status} ${d.by.join('+')}`);
    expect(r0.due.map((d) => `${d.vehicleId} ${d.status} ${d.by.join('+')}`)).toEqual(expected);
    expect(r0.due.findIndex((d) => d.status === 'due_soon')).toBe(r0.overdue);

    // The trackers drive the odometers on: the fleet drives for a while, the board sees it.
    const before = new Map(first.map((v) => [v.id, v.service!.odometerKm]));
    for (let i = 0; i < 60; i++) central.simulator.tick(1);
    await synced(backend, central);
    const driven = (await centralVehicles(central)).filter((v) => v.service!.odometerKm > before.get(v.id)!);
    expect(driven.length).toBeGreaterThan(5);
    for (const v of driven) expect(v.service!.lastServiceKm, 'the trackers move the odometer, not the last service').toBe(first.find((x) => x.id === v.id)!.service!.lastServiceKm);
    const seen = ((await backend.call('vehicle.detail', { vehicleId: driven[0]!.id }, duty)) as MethodResult<'vehicle.detail'>).vehicle;
    expect(seen.service!.odometerKm).toBe(driven[0]!.service!.odometerKm);

    // A slip of the keyboard is refused at the board, in words, and nothing is queued.
    const target = r0.due.find((d) => d.status === 'overdue')!;
    const odometer = (await centralVehicles(central)).find((v) => v.id === target.vehicleId)!.service!.odometerKm;
    const applied = central.stats().commandsApplied;
    expect(await refusal(backend.call('vehicle.recordService', { vehicleId: target.vehicleId, odometerKm: odometer * 10 }, duty))).toMatchObject({
      code: 'odometer_implausible',
      params: { odometer: Math.round(odometer), slack: SERVICE_READING_SLACK_KM },
    });
    expect(await refusal(backend.call('vehicle.recordService', { vehicleId: target.vehicleId, odometerKm: target.service.lastServiceKm - 1 }, duty))).toMatchObject({ code: 'odometer_backwards' });
    expect(await refusal(backend.call('vehicle.recordService', { vehicleId: 'veh-nope', odometerKm: 1 }, duty))).toMatchObject({ code: 'not_found' });
    expect(backend.stats().queueDepth).toBe(0);
    // The wall's viewer may not record one.
    const wall = await signedIn(backend, 'wall');
    expect(await refusal(backend.call('vehicle.recordService', { vehicleId: target.vehicleId, odometerKm: odometer }, wall))).toMatchObject({ code: 'forbidden' });

    // Recorded: off the list at once (the board's view), then at the central, once.
    const reading = Math.round(odometer + 2);
    const t0 = Date.now();
    await backend.call('vehicle.recordService', { vehicleId: target.vehicleId, odometerKm: reading, commandId: '0b6d6c2e-4f1a-4a63-9d55-2f6f5d1e7a01' }, duty);
    // The officer's retry of the same intent is the same command.
    await backend.call('vehicle.recordService', { vehicleId: target.vehicleId, odometerKm: reading, commandId: '0b6d6c2e-4f1a-4a63-9d55-2f6f5d1e7a01' }, duty);
    expect((await report(backend, duty)).due.map((d) => d.vehicleId)).not.toContain(target.vehicleId);
    await synced(backend, central);
    expect(central.stats().commandsApplied - applied).toBe(1);
    const atCentral = (await centralVehicles(central)).find((v) => v.id === target.vehicleId)!;
    expect(atCentral.service).toMatchObject({ odometerKm: reading, lastServiceKm: reading, intervalKm: target.service.intervalKm, intervalMonths: target.service.intervalMonths });
    expect(atCentral.service!.lastServiceAt).toBeGreaterThanOrEqual(t0 - 1000);
    expect((await report(backend, duty)).due.map((d) => d.vehicleId)).not.toContain(target.vehicleId);
    const sup = await signedIn(backend, 'supervisor');
    const audit = (await backend.call('audit.list', { action: 'command' }, sup)) as MethodResult<'audit.list'>;
    expect([...audit.central, ...audit.local].filter((e) => e.target === 'command:vehicle.recordService').map((e) => e.username)).toEqual(['demo.duty']);
  });

  it('services recorded with the link cut apply once each, in order, when it returns', async () => {
    const { central, backend } = await stack();
    const duty = await signedIn(backend, 'duty');
    const due = (await report(backend, duty)).due;
    expect(due.length).toBeGreaterThanOrEqual(2);
    const [a, b] = [due[0]!, due[1]!];
    const applied = central.stats().commandsApplied;
    backend.setCut(true);
    // The same vehicle twice (a correction of the first reading), then another.
    await backend.call('vehicle.recordService', { vehicleId: a.vehicleId, odometerKm: Math.round(a.service.odometerKm) }, duty);
    await backend.call('vehicle.recordService', { vehicleId: a.vehicleId, odometerKm: Math.round(a.service.odometerKm) + 5 }, duty);
    await backend.call('vehicle.recordService', { vehicleId: b.vehicleId, odometerKm: Math.round(b.service.odometerKm) + 1 }, duty);
    expect(backend.stats().queueDepth).toBe(3);
    const shown = (await report(backend, duty)).due.map((d) => d.vehicleId);
    expect(shown).not.toContain(a.vehicleId);
    expect(shown).not.toContain(b.vehicleId);
    // The central has none of it yet.
    expect((await centralVehicles(central)).find((v) => v.id === a.vehicleId)!.service!.lastServiceKm).toBe(a.service.lastServiceKm);

    backend.setCut(false);
    await synced(backend, central);
    expect(central.stats().commandsApplied - applied).toBe(3);
    const rows = await centralVehicles(central);
    // In order: the correction is the last word on the first vehicle.
    expect(rows.find((v) => v.id === a.vehicleId)!.service).toMatchObject({ lastServiceKm: Math.round(a.service.odometerKm) + 5 });
    expect(rows.find((v) => v.id === b.vehicleId)!.service).toMatchObject({ lastServiceKm: Math.round(b.service.odometerKm) + 1 });
  });

  it('a service recorded while the link is down, the vehicle then driving on past the slack: applied, the mileage driven since kept', async () => {
    const { central, backend, dbPath } = await stack();
    const duty = await signedIn(backend, 'duty');
    const target = (await report(backend, duty)).due[0]!;
    const seen = target.service.odometerKm;
    const applied = central.stats().commandsApplied;
    backend.setCut(true);
    const reading = Math.round(seen) + 3;
    await backend.call('vehicle.recordService', { vehicleId: target.vehicleId, odometerKm: reading }, duty);
    // Meanwhile the tracker reports 1,500 km more to the central (more than the slack from the reading).
    const url = central.url;
    await central.close();
    const store = openCentralStore(dbPath);
    expect(store.addOdometer([{ id: target.vehicleId, km: 1_500 }])).toEqual([target.vehicleId]);
    store.close();
    const again = await createCentralServer({ dbPath, port: Number(new URL(url).port), simulate: false, routeSliceMs: Infinity });
    cleanups.push(() => again.close());
    const driven = (await centralVehicles(again)).find((v) => v.id === target.vehicleId)!.service!.odometerKm;
    expect(driven - seen).toBeCloseTo(1_500, 6);
    expect(Math.abs(reading - driven)).toBeGreaterThan(SERVICE_READING_SLACK_KM);
    backend.setCut(false);
    await synced(backend, again);
    expect(again.stats().commandsApplied).toBe(1);
    expect(central.stats().commandsApplied).toBe(applied);
    // Checked against the odometer it was typed against; the 1,500 km driven since stay on the odometer.
    const row = (await centralVehicles(again)).find((v) => v.id === target.vehicleId)!;
    expect(row.service).toMatchObject({ lastServiceKm: reading, odometerKm: reading + (driven - seen) });
    expect((await backend.call('conflict.list', {}, duty)) as { conflicts: unknown[] }).toMatchObject({ conflicts: [] });
  });

  it('a supervisor or an administrator sets a vehicle’s service interval: the next service falls due by it; a duty officer may not', async () => {
    const { central, backend } = await stack();
    const duty = await signedIn(backend, 'duty');
    const sup = await signedIn(backend, 'supervisor');
    const admin = await signedIn(backend, 'admin');
    const due = (await report(backend, duty)).due;
    const v = due.find((d) => d.status === 'overdue')!;
    expect(await refusal(backend.call('vehicle.setServiceInterval', { vehicleId: v.vehicleId, intervalKm: 50_000, intervalMonths: 36 }, duty))).toMatchObject({ code: 'forbidden' });
    // A longer interval takes it off the due list (by km and by date), at once and at the central.
    const km = Math.ceil((v.service.odometerKm - v.service.lastServiceKm + 30_000) / 1_000) * 1_000;
    expect(km).toBeLessThanOrEqual(100_000);
    await backend.call('vehicle.setServiceInterval', { vehicleId: v.vehicleId, intervalKm: km, intervalMonths: 36 }, sup);
    expect((await report(backend, duty)).due.map((d) => d.vehicleId)).not.toContain(v.vehicleId);
    await synced(backend, central);
    const row = (await centralVehicles(central)).find((x) => x.id === v.vehicleId)!;
    expect(row.service).toMatchObject({ intervalKm: km, intervalMonths: 36, lastServiceKm: v.service.lastServiceKm });
    expect(serviceDue([row], Date.now()).map((d) => d.vehicleId)).not.toContain(v.vehicleId);
    // The administrator too (master data); a number out of range is refused by the API's schema.
    await backend.call('vehicle.setServiceInterval', { vehicleId: v.vehicleId, intervalKm: 5_000, intervalMonths: 6 }, admin);
    expect(await refusal(backend.call('vehicle.setServiceInterval', { vehicleId: v.vehicleId, intervalKm: 10, intervalMonths: 6 }, sup))).toMatchObject({ code: 'bad_request' });
    expect((await report(backend, duty)).due.map((d) => d.vehicleId)).toContain(v.vehicleId);
  });
});
