/**
 * Multi-level command at one workstation, against a real central: the cache holds its
 * officer's scope and no row outside it, and another officer signing in at the same
 * workstation sees nothing of the earlier scope — not for a moment, not with the link down —
 * then the new scope's rows once the link is back.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_UNIT_ACCOUNTS } from '../../../central/auth/demo-users';
import { createCentralServer } from '../../../central/server';
import { totpCode } from '../../../shared/auth/totp';
import type { CallerContext, MethodResult } from '../../../shared/board-api';
import { checkUnitTree, inSubtree, type UnitTree } from '../../../shared/scope/tree';
import { createBackend } from '../backend';
import { openCacheFile } from '../store/cache-file';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { tempDir, testCacheKey, waitFor } from '../test-support';
import { SCOPE_MARKER_KEY, UNIT_OWNED_TABLES } from './scope';

const cacheKey = testCacheKey();
const cleanups = centralSuite();
const connection = (origin = 'test-window'): CallerContext => ({ transport: 'port', origin, connection: { sessionId: null } });
const account = (username: string) => DEMO_UNIT_ACCOUNTS.find((a) => a.username === username)!;

type Row = { unitId?: string; siteId?: string | null; requestId?: string; id?: string; assetId?: string; target?: { kind: string; id: string }; userId?: string | null; username?: string | null; seq?: number };

describe('a console’s cache holds its scope', () => {
  it('a bureau’s officer: only the county’s rows; another bureau’s officer at the same workstation: none of them, even offline', async () => {
    const tmp = tempDir('jb-scope-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000 });
    cleanups.push(() => central.close());
    const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true });
    cleanups.push(() => backend.close());
    backend.start();
    await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 290, 'synced as the city (no officer yet)');
    const checked = checkUnitTree(central.units().list());
    if (!checked.ok) throw new Error('tree');
    const tree: UnitTree = checked.tree;

    /** Every unit-owned row the cache file holds, by table, as the database has them (not as the board shows them). */
    const cacheRows = () => {
      const raw = openCacheFile(join(tmp.dir, 'cache.sqlite'), cacheKey);
      try {
        const out = Object.fromEntries(UNIT_OWNED_TABLES.map((t) => [t, (raw.prepare(`SELECT row FROM ${t}`).all() as { row: string }[]).map((r) => JSON.parse(r.row) as Row)]));
        const marker = (raw.prepare('SELECT value FROM meta WHERE key = ?').get(SCOPE_MARKER_KEY) as { value: string } | undefined)?.value;
        return { ...out, marker } as Record<(typeof UNIT_OWNED_TABLES)[number], Row[]> & { marker: string | undefined };
      } finally {
        raw.close();
      }
    };
    const cityCache = cacheRows();
    expect(cityCache.site.length).toBe(14);
    expect(cityCache.vehicle.length).toBe(120);
    expect(cityCache.marker).toBe(tree.rootId);

    const signIn = async (username: string, ctx: CallerContext, at = Date.now()) => {
      const a = account(username);
      return (await backend.call('auth.login', { username: a.username, password: a.password, code: totpCode(a.totpSecret, at) }, ctx)) as MethodResult<'auth.login'>;
    };
    /** The cache holds exactly what the central sends this county, and nothing of any other unit. */
    const holdsOnly = (unitId: string) => {
      const c = cacheRows();
      const siteUnit = new Map(c.site.map((s) => [s.id!, s.unitId!]));
      const requestUnit = new Map(c.request.map((r) => [r.id!, r.unitId!]));
      for (const s of c.site) expect(inSubtree(tree, unitId, s.unitId!), `site ${s.id} of ${s.unitId}`).toBe(true);
      for (const v of c.vehicle) expect(inSubtree(tree, unitId, v.unitId!), `vehicle ${v.id} of ${v.unitId}`).toBe(true);
      for (const s of c.stock) expect(siteUnit.has(s.siteId!), `stock of ${s.siteId}`).toBe(true);
      for (const r of c.request) expect(inSubtree(tree, unitId, r.unitId!)).toBe(true);
      for (const d of c.dispatch) expect(requestUnit.has(d.requestId!)).toBe(true);
      for (const a of c.alert) expect(inSubtree(tree, unitId, a.unitId!)).toBe(true);
      // The ledger: assets kept at its own sites (not at a depot it merely draws from), their steps, their repairs, its sites' readings.
      const own = (siteId: string | null | undefined) => siteId != null && siteUnit.has(siteId) && inSubtree(tree, unitId, siteUnit.get(siteId)!);
      for (const a of c.asset) expect(own(a.siteId), `asset ${a.id} at ${a.siteId}`).toBe(true);
      const assets = new Set(c.asset.map((a) => a.id!));
      const vehicles = new Set(c.vehicle.map((v) => v.id!));
      for (const e of c.asset_event) expect(assets.has(e.assetId!), `step ${e.id}`).toBe(true);
      for (const r of c.repair) expect(r.target!.kind === 'asset' ? assets.has(r.target!.id) : vehicles.has(r.target!.id), `repair ${r.id}`).toBe(true);
      for (const r of c.climate_reading) expect(own(r.siteId), `reading at ${r.siteId}`).toBe(true);
      expect(c.asset.length).toBeGreaterThan(0);
      expect(c.asset.length).toBeLessThan(cityCache.asset.length);
      return c;
    };

    // 1. Hisingen's officer signs in here once (so he can sign in offline later), then Centrum's.
    const h = connection('hisingen');
    expect(await signIn('hisingen.duty', h)).toMatchObject({ status: 'signed_in' });
    await waitFor(() => cacheRows().marker?.startsWith('unit-hisingen@'), 'the cache re-synchronised for Hisingen');
    const hisingenCache = holdsOnly('unit-hisingen');
    expect(hisingenCache.site.length).toBeGreaterThan(0);
    await backend.call('auth.logout', {}, h);

    const c = connection('centrum');
    expect(await signIn('centrum.duty', c, Date.now() + 30_000)).toMatchObject({ status: 'signed_in' });
    await waitFor(() => cacheRows().marker?.startsWith('unit-centrum@'), 'the cache re-synchronised for Centrum');
    const centrumCache = holdsOnly('unit-centrum');
    expect(centrumCache.site.length).toBeGreaterThan(0);
    expect(centrumCache.vehicle.length).toBeGreaterThan(0);
    const centrumSites = new Set(centrumCache.site.map((s) => s.id));
    // The board shows the same: the county's sites, no other.
    const board = (await backend.call('board.snapshot', {}, c)) as MethodResult<'board.snapshot'>;
    expect(board.sites.map((s) => s.id).sort()).toEqual([...centrumSites].sort());
    // The audit log: this workstation's entries (Hisingen's officer's sign-in among them) go up
    // to the central; what comes back is Centrum's officers' part of its chain only, and a
    // supervisor's verify here proves that part and says it is a part.
    await backend.uploadAudit();
    await waitFor(() => backend.stats().cursor >= central.head().cursor, 'pulled the audit back');
    const unitOfUser = new Map(central.users().list().map((u) => [u.id, u.unitId ?? tree.rootId]));
    const heldAudit = cacheRows().audit;
    expect(heldAudit.length).toBeGreaterThan(0);
    for (const e of heldAudit) expect(inSubtree(tree, 'unit-centrum', unitOfUser.get(e.userId ?? "") ?? tree.rootId), `audit entry ${e.seq} by ${e.username}`).toBe(true);
    const sup = connection('centrum-sup');
    const supAccount = account('centrum.sup');
    await backend.call('auth.login', { username: supAccount.username, password: supAccount.password, code: totpCode(supAccount.totpSecret) }, sup);
    const verdict = (await backend.call('audit.verify', {}, sup)) as MethodResult<'audit.verify'>;
    expect(verdict.central).toMatchObject({ ok: true });
    expect(verdict.central.gaps).toBeGreaterThan(0);
    expect(verdict.mismatch).toBeNull();
    await backend.call('auth.logout', {}, sup);

    // 2. The link goes down; Centrum's officer leaves; Hisingen's signs in offline: nothing of Centrum's, at once.
    backend.setCut(true);
    await backend.call('auth.logout', {}, c);
    const h2 = connection('hisingen-offline');
    expect(await signIn('hisingen.duty', h2, Date.now() + 30_000)).toMatchObject({ status: 'signed_in', session: { offline: true } });
    const offline = cacheRows();
    expect(offline.site.filter((s) => centrumSites.has(s.id))).toEqual([]);
    expect(offline.vehicle.filter((v) => inSubtree(tree, 'unit-centrum', v.unitId!))).toEqual([]);
    expect(centrumCache.asset.length).toBeGreaterThan(0);
    expect(offline.asset.filter((a) => centrumSites.has(a.siteId!))).toEqual([]);
    expect(offline.climate_reading.filter((r) => centrumSites.has(r.siteId!))).toEqual([]);
    const offBoard = (await backend.call('board.snapshot', {}, h2)) as MethodResult<'board.snapshot'>;
    expect(offBoard.sites.filter((s) => centrumSites.has(s.id))).toEqual([]);
    expect(offBoard.vehicles.filter((v) => inSubtree(tree, 'unit-centrum', (v as { unitId?: string }).unitId ?? ''))).toEqual([]);

    // 3. The link is back: Hisingen's scope, whole.
    backend.setCut(false);
    await waitFor(() => cacheRows().marker?.startsWith('unit-hisingen@') && cacheRows().site.length > 0, 'the cache re-synchronised for Hisingen again', 20_000);
    const back = holdsOnly('unit-hisingen');
    expect(back.site.map((s) => s.id).sort()).toEqual(hisingenCache.site.map((s) => s.id).sort());
    expect(back.vehicle.length).toBe(hisingenCache.vehicle.length);
  }, 90_000);

  it('an action queued offline on a vehicle that left the scope meanwhile: refused out_of_scope at the central, on the officer’s audit chain, and the vehicle gone', async () => {
    const tmp = tempDir('jb-scope-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000 });
    cleanups.push(() => central.close());
    const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true, pushBackoff: { initialDelay: 50, maxDelay: 300 } });
    cleanups.push(() => backend.close());
    backend.start();
    await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 290, 'synced');
    const a = account('centrum.duty');
    const ctx = connection();
    await backend.call('auth.login', { username: a.username, password: a.password, code: totpCode(a.totpSecret) }, ctx);
    const held = async () => ((await backend.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>).vehicles;
    await waitFor(async () => (await held()).length > 0 && (await held()).every((v) => v.unitId?.startsWith('unit-') && v.unitId !== 'unit-gbg'), 'Centrum’s vehicles');
    const vehicle = (await held()).find((v) => v.status === 'available')!;
    // A destination no county answers for is refused at once, by the tree this cache holds (as the central would).
    const outside = await backend
      .call('request.create', { destination: { lon: 12.5, lat: 57.7, label: 'x' }, items: [{ itemId: 'n95-mask', quantity: 1 }], priority: 'green', requester: '', note: '' }, ctx)
      .then(() => null, (e: unknown) => (e as { code?: string }).code);
    expect(outside).toBe('outside_every_unit');
    expect(backend.stats().queueDepth).toBe(0);
    // …and on the officer's audit chain, as a refusal by the central would be.
    const chain = (await backend.call('audit.list', { action: 'command' })) as MethodResult<'audit.list'>;
    const refusedHere = [...chain.local, ...chain.central].filter((e) => e.outcome === 'refused' && e.target === 'command:request.create');
    expect(refusedHere).toHaveLength(1);
    expect(refusedHere[0]).toMatchObject({ username: 'centrum.duty', detail: { code: 'outside_every_unit' } });
    // It is on this console's map (its position reported) before it leaves.
    await waitFor(async () => ((await backend.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>).positions.some((p) => p.vehicleNo === vehicle.no), 'the vehicle’s position');

    backend.setCut(true);
    await backend.call('vehicle.setStatus', { vehicleId: vehicle.id, status: 'maintenance' }, ctx);
    // Meanwhile the city hands the vehicle to Hisingen.
    central.units().assign('vehicle', vehicle.id, 'unit-hisingen');
    backend.setCut(false);

    await waitFor(() => backend.stats().queueDepth === 0, 'the queue drained');
    const audit = (await backend.call('audit.list', { action: 'command' })) as MethodResult<'audit.list'>;
    const refused = [...audit.local, ...audit.central].filter((e) => e.outcome === 'refused' && e.target === 'command:vehicle.setStatus');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.detail).toMatchObject({ code: 'out_of_scope' });
    expect(refused[0]!.username).toBe('centrum.duty');
    // Nothing of it applied at the central, and the vehicle left this console.
    await waitFor(async () => !(await held()).some((v) => v.id === vehicle.id), 'the vehicle left the board');
    // Nor is it drawn where it last reported.
    const positions = await waitFor(async () => {
      const p = ((await backend.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>).positions;
      return p.length > 0 ? p : null;
    }, 'positions of the scope’s vehicles');
    expect(positions.some((p) => p.vehicleNo === vehicle.no)).toBe(false);
    const res = await fetch(`${central.url}/snapshot?table=vehicle`, { headers: { authorization: `Bearer demo-ws:demo-workstation-secret-not-for-production` } });
    const atCentral = ((await res.json()) as { rows: { id: string; status: string; unitId: string }[] }).rows.find((v) => v.id === vehicle.id)!;
    expect(atCentral).toMatchObject({ status: 'available', unitId: 'unit-hisingen' });
  }, 90_000);
});
