/**
 * Neighbouring units' sites and vehicles (multi-level command), against a real central: with
 * its showNeighbours setting a county's console holds the other units' sites and vehicles,
 * marked `neighbour` on the board, never planned with, every action on them refused
 * out_of_scope (and audited); without it, nothing of theirs is held.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_UNIT_ACCOUNTS } from '../../../central/auth/demo-users';
import { createCentralServer } from '../../../central/server';
import { totpCode } from '../../../shared/auth/totp';
import type { CallerContext, MethodResult } from '../../../shared/board-api';
import { checkUnitTree, inSubtree } from '../../../shared/scope/tree';
import { createBackend } from '../backend';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();
const cleanups = centralSuite();
const ctx: CallerContext = { transport: 'port', origin: 'test-window', connection: { sessionId: null } };
const centrum = DEMO_UNIT_ACCOUNTS.find((a) => a.username === 'centrum.duty')!;

async function consoleOfCentrum(showNeighbours: boolean) {
  const tmp = tempDir('jb-neighbours-');
  cleanups.push(() => tmp.remove());
  const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000, scopeSettings: { showNeighbours } });
  cleanups.push(() => central.close());
  const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true });
  cleanups.push(() => backend.close());
  backend.start();
  await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 290, 'synced as the city (no officer yet)');
  const checked = checkUnitTree(central.units().list());
  if (!checked.ok) throw new Error('tree');
  expect(await backend.call('auth.login', { username: centrum.username, password: centrum.password, code: totpCode(centrum.totpSecret) }, ctx)).toMatchObject({ status: 'signed_in' });
  const board = async () => (await backend.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>;
  const own = (unitId: string | undefined) => unitId !== undefined && inSubtree(checked.tree, 'unit-centrum', unitId);
  return { backend, board, own, tree: checked.tree };
}

describe('neighbouring units’ sites and vehicles', () => {
  it('shown (the central’s setting): held and marked neighbour, never planned with, every action on them refused out_of_scope', async () => {
    const { backend, board, own } = await consoleOfCentrum(true);
    await waitFor(async () => {
      const b = await board();
      return b.sites.some((s) => own(s.unitId)) && b.sites.some((s) => !own(s.unitId)) && b.vehicles.some((v) => !own(v.unitId)) && b.vehicles.some((v) => own(v.unitId));
    }, 'Centrum’s scope with its neighbours', 20_000);
    const b = await board();
    // Marked exactly where the row is not Centrum's: its own never, every neighbour's always.
    for (const s of b.sites) expect(s.neighbour === true, `site ${s.id} of ${s.unitId}`).toBe(!own(s.unitId));
    for (const v of b.vehicles) expect(v.neighbour === true, `vehicle ${v.id} of ${v.unitId}`).toBe(!own(v.unitId));
    const neighbourSites = new Set(b.sites.filter((s) => s.neighbour).map((s) => s.id));
    const neighbourVehicles = new Set(b.vehicles.filter((v) => v.neighbour).map((v) => v.id));
    expect(neighbourSites.size).toBeGreaterThan(0);
    expect(neighbourVehicles.size).toBeGreaterThan(0);

    // The planner offers none of the neighbours' stock or vehicles.
    // A little way from one of Centrum's own sites: inside the county.
    const near = b.sites.find((s) => own(s.unitId))!;
    const plans = (await backend.call('dispatch.plan', { destination: { lon: near.lon + 0.002, lat: near.lat + 0.001 }, items: [{ itemId: 'n95-mask', quantity: 50 }], priority: 'red' }, ctx)) as MethodResult<'dispatch.plan'>;
    expect(plans.ok).toBe(true);
    if (!plans.ok) return;
    expect(plans.plans.length).toBeGreaterThan(0);
    for (const p of plans.plans) {
      for (const x of p.pickups) expect(neighbourSites.has(x.siteId), `pickup at ${x.siteId}`).toBe(false);
      for (const r of p.runs) expect(neighbourVehicles.has(r.vehicleId), `vehicle ${r.vehicleId}`).toBe(false);
    }

    // An action on a neighbour's vehicle or site is refused here, before anything is queued, and audited.
    const refusedCode = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e as { code?: string }).code);
    const vehicle = b.vehicles.find((v) => v.neighbour)!;
    expect(await refusedCode(backend.call('vehicle.setStatus', { vehicleId: vehicle.id, status: 'maintenance' }, ctx))).toBe('out_of_scope');
    expect(await refusedCode(backend.call('vehicle.recordService', { vehicleId: vehicle.id, odometerKm: Math.round(vehicle.service!.odometerKm) }, ctx))).toBe('out_of_scope');
    // Turnout and service due count the console's own fleet, not the neighbours' it is shown.
    const ownFleet = b.vehicles.filter((v) => !v.neighbour);
    expect(((await backend.call('readiness.turnout', {}, ctx)) as MethodResult<'readiness.turnout'>).overall.inService).toBe(ownFleet.length);
    const service = (await backend.call('readiness.service', {}, ctx)) as MethodResult<'readiness.service'>;
    expect(service.vehicles).toBe(ownFleet.length);
    for (const d of service.due) expect(neighbourVehicles.has(d.vehicleId), `due ${d.vehicleId}`).toBe(false);
    const site = b.sites.find((s) => s.neighbour && s.kind !== 'station')!;
    expect(await refusedCode(backend.call('stock.adjust', { siteId: site.id, itemId: 'n95-mask', delta: 1, reason: 'count' }, ctx))).toBe('out_of_scope');
    // The ledger it holds is its own alone (a neighbour's assets are not sent), and an asset of its own may not be sent to a neighbour's site.
    const ledger = (await backend.call('asset.list', { state: 'stored', limit: 500 }, ctx)) as MethodResult<'asset.list'>;
    expect(ledger.assets.length).toBeGreaterThan(0);
    for (const a of ledger.assets) expect(neighbourSites.has(a.siteId!), `asset ${a.id} at ${a.siteId}`).toBe(false);
    expect(await refusedCode(backend.call('asset.step', { assetId: ledger.assets[0]!.id, step: 'transfer', siteId: site.id, note: '' }, ctx))).toBe('out_of_scope');
    expect(backend.stats().queueDepth).toBe(0);
    const chain = (await backend.call('audit.list', { action: 'command' })) as MethodResult<'audit.list'>;
    const refused = [...chain.local, ...chain.central].filter((e) => e.outcome === 'refused' && (e.detail as { code?: string }).code === 'out_of_scope');
    expect(refused.map((e) => e.target).sort()).toEqual(['command:asset.step', 'command:stock.adjust', 'command:vehicle.recordService', 'command:vehicle.setStatus']);
    // Its own vehicle is still its own to act on.
    const mine = b.vehicles.find((v) => !v.neighbour && v.status === 'available')!;
    await expect(backend.call('vehicle.setStatus', { vehicleId: mine.id, status: 'maintenance' }, ctx)).resolves.toMatchObject({ commandId: expect.any(String) });
  }, 90_000);

  it('not shown (the default): nothing of the neighbours is held, nothing marked', async () => {
    const { backend, board, own } = await consoleOfCentrum(false);
    await waitFor(async () => {
      const b = await board();
      return b.sites.length > 0 && b.vehicles.length > 0 && b.sites.every((s) => own(s.unitId)) && b.vehicles.every((v) => own(v.unitId));
    }, 'Centrum’s scope alone', 20_000);
    const b = await board();
    expect(b.sites.filter((s) => s.neighbour)).toEqual([]);
    expect(b.vehicles.filter((v) => v.neighbour)).toEqual([]);
    expect(backend.stats().scopeSettings?.showNeighbours).toBe(false);
  }, 90_000);

  it('the settings heard are kept: started again with the link down, the board still goes by them, not the defaults', async () => {
    const tmp = tempDir('jb-settings-');
    cleanups.push(() => tmp.remove());
    const said = { showNeighbours: true, largeAllocationUnits: 300 };
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000, scopeSettings: said });
    const open = () => createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true });
    const first = open();
    first.start();
    await waitFor(() => first.stats().scopeSettings?.largeAllocationUnits === 300, 'the central’s settings heard');
    await first.close();
    await central.close();
    const again = open();
    cleanups.push(() => again.close());
    again.start();
    expect(again.stats().link.state).not.toBe('connected');
    expect(again.stats().scopeSettings).toEqual(said);
  }, 60_000);
});
