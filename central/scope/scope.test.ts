import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPageSchema, commandResultSchema, digestSchema, OFFICER_HEADER, snapshotSchema, type Change, type ReplicaTable } from '../../shared/central-api';
import { decodePositions } from '../../shared/positions-codec';
import { DEMO_CITY_UNIT_ID } from '../../shared/scope/demo-tree';
import { countyOf, inSubtree, type UnitTree } from '../../shared/scope/tree';
import { tableDigest } from '../../shared/digest';
import { handoverContentHash } from '../../shared/duty/handover';
import { AUDIT_GENESIS, localEntryHash, verifyCentralChain } from '../../shared/audit/chain';
import type { AuditFields, CentralAuditEntry, LocalAuditEntry } from '../../shared/audit/schema';
import { DEMO_AUTH, ensureDemoCity, tempDir } from '../test-support';
import { createCentralServer, type CentralServer } from '../server';
import { UnitRefusal } from './units-admin';

/**
 * Multi-level command on one central: each console is sent its scope's rows and nothing else —
 * by the change feed, the snapshots, the digests and the live positions — and a row moved to
 * another unit appears on one side and vanishes from the other. Two district bureaus' consoles
 * (Centrum, Hisingen), a police station's (Nordstaden) and the city's.
 */

const tmp = tempDir('jb-scope-');
let server: CentralServer;
let tree: UnitTree;
const officers: Record<string, string> = {};

beforeAll(async () => {
  await ensureDemoCity();
  server = await createCentralServer({ dbPath: tmp.db(), simulate: false, routeSliceMs: Infinity });
  for (const u of server.users().list()) officers[u.username] = u.id;
  const units = server.units().list();
  const { checkUnitTree } = await import('../../shared/scope/tree');
  const checked = checkUnitTree(units);
  if (!checked.ok) throw new Error('demo tree broken');
  tree = checked.tree;
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const headersOf = (username: string | null): Record<string, string> => ({ ...DEMO_AUTH, ...(username ? { [OFFICER_HEADER]: officers[username]! } : {}) });
const get = async (path: string, username: string | null) => {
  const res = await fetch(server.url + path, { headers: headersOf(username) });
  return { status: res.status, body: (await res.json()) as unknown };
};

const command = (type: string, payload: unknown, username: string) => {
  const u = server.users().list().find((x) => x.username === username)!;
  return { id: randomUUID(), type, issuedAt: Date.now(), payload, actor: { userId: u.id, username: u.username, role: u.role, workstation: 'demo-ws' } };
};
const post = async (cmd: unknown) => {
  const res = await fetch(server.url + '/commands', { method: 'POST', headers: { ...DEMO_AUTH, 'content-type': 'application/json' }, body: JSON.stringify(cmd) });
  return commandResultSchema.parse(await res.json());
};

type State = Map<string, Map<string, unknown>>;
/** Pulls the whole feed as a console would, applying upserts and deletes in order; also the pages' figures. */
async function pull(username: string | null, since = 0, state: State = new Map()) {
  let cursor = since;
  let filtered = 0;
  let deletes = 0;
  const markers = new Set<string>();
  for (;;) {
    const { status, body } = await get(`/changes?since=${cursor}&limit=200`, username);
    expect(status).toBe(200);
    const page = changesPageSchema.parse(body);
    filtered += page.filtered ?? 0;
    if (page.scope) markers.add(page.scope);
    for (const c of page.changes as Change[]) {
      const table = state.get(c.table) ?? new Map<string, unknown>();
      state.set(c.table, table);
      if (c.op === 'delete') {
        deletes++;
        table.delete(c.key);
      } else table.set(c.key, c.row);
    }
    expect(page.cursor).toBeGreaterThanOrEqual(cursor);
    cursor = page.cursor;
    if (!page.hasMore) return { state, cursor, filtered, deletes, markers };
  }
}
const rows = <T>(s: State, table: ReplicaTable): T[] => [...(s.get(table)?.values() ?? [])] as T[];
const unitOfOfficer = (username: string): string => server.users().list().find((u) => u.username === username)!.unitId!;

type Site = { id: string; kind: string; unitId: string };
type Vehicle = { id: string; no: number; unitId: string; homeSiteId: string };

describe('the change feed per scope', () => {
  it('the city is sent every row; each bureau its own county and nothing of the other', async () => {
    const city = await pull(null);
    const centrum = await pull('centrum.duty');
    const hisingen = await pull('hisingen.duty');
    const allSites = rows<Site>(city.state, 'site');
    const allVehicles = rows<Vehicle>(city.state, 'vehicle');
    expect(allSites.length).toBe(14);
    expect(allVehicles.length).toBe(120);
    expect(city.filtered).toBe(0);
    expect([...city.markers]).toEqual([DEMO_CITY_UNIT_ID]);
    // Every row the central holds has a unit now, and the demo spreads them over the counties.
    expect(allSites.every((s) => tree.nodes.has(s.unitId))).toBe(true);

    for (const [name, got] of [['centrum.duty', centrum], ['hisingen.duty', hisingen]] as const) {
      const county = unitOfOfficer(name);
      const mine = (unitId: string) => inSubtree(tree, county, unitId);
      const sites = rows<Site>(got.state, 'site');
      const vehicles = rows<Vehicle>(got.state, 'vehicle');
      // Exactly the county's: none missing, none extra.
      expect(sites.map((s) => s.id).sort()).toEqual(allSites.filter((s) => mine(s.unitId)).map((s) => s.id).sort());
      expect(vehicles.map((v) => v.id).sort()).toEqual(allVehicles.filter((v) => mine(v.unitId)).map((v) => v.id).sort());
      expect(sites.length).toBeGreaterThan(0);
      expect(vehicles.length).toBeGreaterThan(0);
      const siteIds = new Set(sites.map((s) => s.id));
      expect(rows<{ siteId: string }>(got.state, 'stock').every((s) => siteIds.has(s.siteId))).toBe(true);
      // What it is not sent was passed over, and counted.
      expect(got.filtered).toBeGreaterThan(0);
      expect(got.cursor).toBe(city.cursor);
      expect([...got.markers]).toHaveLength(1);
      expect([...got.markers][0]).toMatch(new RegExp(`^${county}@\\d+$`));
      // Tables every console holds whole: the items, the users, the tree.
      expect(rows(got.state, 'item').length).toBe(rows(city.state, 'item').length);
      expect(rows(got.state, 'unit').length).toBe(tree.order.length);
    }
    const c = new Set(rows<Site>(centrum.state, 'site').map((s) => s.id));
    expect(rows<Site>(hisingen.state, 'site').some((s) => c.has(s.id))).toBe(false);
  });

  it('a station is sent its own and the supply sites of its county it may draw from, no neighbour station’s vehicles', async () => {
    const station = await pull('nordstaden.duty');
    const unit = unitOfOfficer('nordstaden.duty');
    const county = countyOf(tree, unit)!;
    for (const s of rows<Site>(station.state, 'site')) {
      expect(inSubtree(tree, unit, s.unitId) || (s.kind !== 'station' && countyOf(tree, s.unitId) === county)).toBe(true);
    }
    for (const v of rows<Vehicle>(station.state, 'vehicle')) expect(inSubtree(tree, unit, v.unitId)).toBe(true);
  });

  it('the readiness ledger goes where it is kept: assets by their site, their steps, repairs and flight-log days with them, readings by site', async () => {
    const city = await pull(null);
    const siteUnit = new Map(rows<Site>(city.state, 'site').map((s) => [s.id, s.unitId]));
    const vehicleUnit = new Map(rows<Vehicle>(city.state, 'vehicle').map((v) => [v.id, v.unitId]));
    type Asset = { id: string; siteId: string | null };
    const assetUnit = new Map(rows<Asset>(city.state, 'asset').map((a) => [a.id, a.siteId === null ? DEMO_CITY_UNIT_ID : siteUnit.get(a.siteId)!]));
    const unitOf: Record<string, (row: never) => string> = {
      asset: (a: Asset) => assetUnit.get(a.id)!,
      asset_event: (e: { assetId: string }) => assetUnit.get(e.assetId)!,
      repair: (r: { target: { kind: string; id: string } }) => (r.target.kind === 'asset' ? assetUnit.get(r.target.id)! : vehicleUnit.get(r.target.id)!),
      climate_reading: (c: { siteId: string }) => siteUnit.get(c.siteId)!,
      battery_day: (d: { assetId: string }) => assetUnit.get(d.assetId)!,
    };
    for (const name of ['centrum.duty', 'hisingen.duty', 'nordstaden.duty']) {
      const got = await pull(name);
      const unit = unitOfOfficer(name);
      for (const table of ['asset', 'asset_event', 'repair', 'climate_reading', 'battery_day'] as const) {
        const all = rows<never>(city.state, table);
        const mine = all.filter((r) => inSubtree(tree, unit, unitOf[table]!(r)));
        const key = (r: unknown) => JSON.stringify(r);
        // Exactly its own: none missing, none of another unit's (not even the county depot a station draws from).
        expect(rows(got.state, table).map(key).sort(), `${name} ${table}`).toEqual(mine.map(key).sort());
        if (name !== 'nordstaden.duty' || table !== 'repair') expect(mine.length, `${name} ${table}`).toBeGreaterThan(0);
        expect(mine.length, `${name} ${table}`).toBeLessThan(all.length);
      }
    }
  });

  it('snapshots and digests say the same as the feed, for each scope', async () => {
    for (const name of ['centrum.duty', 'nordstaden.duty', null]) {
      const fed = await pull(name);
      const digest = digestSchema.parse((await get('/digest', name)).body);
      for (const table of ['site', 'stock', 'vehicle', 'unit', 'asset', 'asset_event', 'repair', 'climate_reading', 'battery_day'] as const) {
        const snap = snapshotSchema.parse((await get(`/snapshot?table=${table}`, name)).body);
        const fromFeed = rows(fed.state, table);
        expect(snap.rows.length, `${name} ${table}`).toBe(fromFeed.length);
        expect(tableDigest(table, snap.rows as never)).toEqual({ count: digest.tables[table].count, hash: digest.tables[table].hash });
        expect(tableDigest(table, fromFeed as never)).toEqual(tableDigest(table, snap.rows as never));
        expect(snap.scope).toBe(digest.scope);
      }
    }
  });

  it('an officer this central does not know is served the workstation’s own scope (here the city’s), and says so', async () => {
    const res = await fetch(server.url + '/changes?since=0&limit=1', { headers: { ...DEMO_AUTH, [OFFICER_HEADER]: 'u-nobody' } });
    expect(res.status).toBe(200);
    expect(changesPageSchema.parse(await res.json()).scope).toBe(DEMO_CITY_UNIT_ID);
    const bad = await fetch(server.url + '/changes?since=0', { headers: { ...DEMO_AUTH, [OFFICER_HEADER]: 'has space' } });
    expect(bad.status).toBe(400);
  });
});

describe('a row moved to another unit', () => {
  it('appears on the new side, and vanishes from the old one as a delete', async () => {
    const centrum = await pull('centrum.duty');
    const hisingen = await pull('hisingen.duty');
    const vehicle = rows<Vehicle>(centrum.state, 'vehicle')[0]!;
    const hisingenUnit = unitOfOfficer('hisingen.duty');
    server.units().assign('vehicle', vehicle.id, hisingenUnit);

    const c2 = await pull('centrum.duty', centrum.cursor, centrum.state);
    const h2 = await pull('hisingen.duty', hisingen.cursor, hisingen.state);
    expect(c2.deletes).toBe(1);
    expect(c2.state.get('vehicle')!.has(vehicle.id)).toBe(false);
    expect((h2.state.get('vehicle')!.get(vehicle.id) as Vehicle).unitId).toBe(hisingenUnit);
    // A third county saw neither the row nor its leaving.
    const majorna = await pull(null);
    expect((majorna.state.get('vehicle')!.get(vehicle.id) as Vehicle).unitId).toBe(hisingenUnit);
  });

  it('a site moved takes its stock and its ledger with it', async () => {
    const centrum = await pull('centrum.duty');
    // A supply site of Centrum with stock, and assets kept there (a drone battery among them, with its flight-log days).
    const site = rows<Site>(centrum.state, 'site').find(
      (s) =>
        s.kind !== 'station' &&
        rows<{ siteId: string }>(centrum.state, 'stock').some((x) => x.siteId === s.id) &&
        rows<{ id: string; siteId: string }>(centrum.state, 'asset').some((a) => a.siteId === s.id && rows<{ assetId: string }>(centrum.state, 'battery_day').some((d) => d.assetId === a.id)),
    )!;
    const stockBefore = rows<{ siteId: string }>(centrum.state, 'stock').filter((x) => x.siteId === site.id).length;
    expect(stockBefore).toBeGreaterThan(0);
    // And its ledger: the assets kept there with their steps, and its storage readings.
    const assets = rows<{ id: string; siteId: string }>(centrum.state, 'asset').filter((a) => a.siteId === site.id).map((a) => a.id);
    expect(assets.length).toBeGreaterThan(0);
    const steps = rows<{ id: string; assetId: string }>(centrum.state, 'asset_event').filter((e) => assets.includes(e.assetId)).map((e) => e.id);
    expect(steps.length).toBeGreaterThan(0);
    const flightDays = rows<{ assetId: string; day: string }>(centrum.state, 'battery_day').filter((d) => assets.includes(d.assetId)).map((d) => `${d.assetId}/${d.day}`);
    expect(flightDays.length).toBeGreaterThan(0);
    const readings = rows<{ siteId: string }>(centrum.state, 'climate_reading').filter((c) => c.siteId === site.id).length;
    expect(readings).toBeGreaterThan(0);
    const hisingen = await pull('hisingen.duty');
    server.units().assign('site', site.id, unitOfOfficer('hisingen.duty'));
    const c2 = await pull('centrum.duty', centrum.cursor, centrum.state);
    const h2 = await pull('hisingen.duty', hisingen.cursor, hisingen.state);
    expect(c2.state.get('site')!.has(site.id)).toBe(false);
    expect(rows<{ siteId: string }>(c2.state, 'stock').filter((x) => x.siteId === site.id)).toEqual([]);
    expect(rows<{ siteId: string }>(h2.state, 'stock').filter((x) => x.siteId === site.id).length).toBe(stockBefore);
    for (const [table, keys] of [['asset', assets], ['asset_event', steps], ['battery_day', flightDays]] as const) {
      expect(keys.filter((k) => c2.state.get(table)?.has(k)), `${table} left behind`).toEqual([]);
      expect(keys.filter((k) => !h2.state.get(table)?.has(k)), `${table} not arrived`).toEqual([]);
    }
    expect(rows<{ siteId: string }>(c2.state, 'climate_reading').filter((c) => c.siteId === site.id)).toEqual([]);
    expect(rows<{ siteId: string }>(h2.state, 'climate_reading').filter((c) => c.siteId === site.id).length).toBe(readings);
  });

  it('an asset transferred to another county leaves with its steps; only a level above both may send it', async () => {
    const city = await pull(null);
    const centrumUnit = unitOfOfficer('centrum.duty');
    const hisingenUnit = unitOfOfficer('hisingen.duty');
    const sites = rows<Site>(city.state, 'site');
    const to = sites.find((s) => s.kind !== 'station' && inSubtree(tree, hisingenUnit, s.unitId))!;
    const centrumSites = new Set(sites.filter((s) => inSubtree(tree, centrumUnit, s.unitId)).map((s) => s.id));
    const asset = rows<{ id: string; siteId: string | null; state: string }>(city.state, 'asset').find((a) => a.state === 'stored' && a.siteId !== null && centrumSites.has(a.siteId))!;
    const centrum = await pull('centrum.duty');
    const hisingen = await pull('hisingen.duty');
    const transfer = (by: string) => command('asset.step', { assetId: asset.id, step: 'transfer', siteId: to.id, note: 'test' }, by);
    // The bureau that holds it may not send it out of its county: it would be another's.
    const refused = await post(transfer('centrum.duty'));
    expect(refused.status === 'rejected' && refused.code).toBe('out_of_scope');
    expect((await pull('centrum.duty', centrum.cursor, centrum.state)).state.get('asset')!.has(asset.id)).toBe(true);
    // The city may.
    expect((await post(transfer('demo.supervisor'))).status).toBe('applied');
    const c2 = await pull('centrum.duty', centrum.cursor, centrum.state);
    const h2 = await pull('hisingen.duty', hisingen.cursor, hisingen.state);
    expect(c2.state.get('asset')!.has(asset.id)).toBe(false);
    expect(rows<{ assetId: string }>(c2.state, 'asset_event').filter((e) => e.assetId === asset.id)).toEqual([]);
    expect((h2.state.get('asset')!.get(asset.id) as { siteId: string }).siteId).toBe(to.id);
    const steps = rows<{ assetId: string; step: string }>(h2.state, 'asset_event').filter((e) => e.assetId === asset.id);
    expect(steps.map((e) => e.step)).toContain('transfer');
    expect(steps.length).toBe(rows<{ assetId: string }>((await pull(null)).state, 'asset_event').filter((e) => e.assetId === asset.id).length);
  });
});

describe('the tree is administered whole', () => {
  it('refuses a move under its own child, a cycle and an orphan, and changes nothing', async () => {
    const before = server.units().list();
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof UnitRefusal) return e;
        throw e;
      }
      throw new Error('not refused');
    };
    expect(refusal(() => server.units().move('unit-centrum', 'unit-nordstaden')).problems.map((p) => p.code)).toEqual(['move_under_descendant']);
    const centrum = before.find((u) => u.id === 'unit-centrum')!;
    expect(refusal(() => server.units().save({ ...centrum, parentId: 'unit-nordstaden' })).problems.map((p) => p.code)).toContain('cycle');
    expect(refusal(() => server.units().save({ ...before.find((u) => u.id === 'unit-lundby')!, id: 'unit-new', parentId: 'unit-nowhere' })).problems.map((p) => p.code)).toContain('orphan');
    expect(server.units().list()).toEqual(before);
  });
});

describe('commands within the issuer’s reach', () => {
  const request = (lon: number, lat: number, by: string) =>
    command('request.create', {
      request: { id: randomUUID(), destination: { lon, lat, label: 'test' }, items: [{ itemId: 'n95-mask', quantity: 10 }], priority: 'yellow', requester: by, note: '', createdAt: Date.now(), deadlineAt: Date.now() + 1_800_000 },
    }, by);
  it('a station’s request in its own area is the station’s; one in another station’s area is refused; one outside every unit too', async () => {
    const own = await post(request(11.975, 57.706, 'nordstaden.duty'));
    expect(own.status).toBe('applied');
    const fed = await pull('nordstaden.duty');
    const mine = rows<{ id: string; unitId: string }>(fed.state, 'request');
    expect(mine.map((r) => r.unitId)).toEqual(['unit-nordstaden']);
    // Lorensberg's area, next door in the same county: not the station's to raise.
    const neighbour = await post(request(11.975, 57.695, 'nordstaden.duty'));
    expect(neighbour.status === 'rejected' && neighbour.code).toBe('out_of_scope');
    // The county may raise it (its subtree), and the request is Lorensberg's.
    expect((await post(request(11.975, 57.695, 'centrum.duty'))).status).toBe('applied');
    const outside = await post(request(12.5, 57.7, 'centrum.duty'));
    expect(outside.status === 'rejected' && outside.code).toBe('outside_every_unit');
    const county = await pull('centrum.duty');
    expect(rows<{ unitId: string }>(county.state, 'request').map((r) => r.unitId).sort()).toEqual(['unit-lorensberg', 'unit-nordstaden']);
    expect(rows(await pull('hisingen.duty').then((h) => h.state), 'request')).toEqual([]);
  });

  it('a bureau may not set another county’s vehicle’s status; its own, yes; nothing half-applied', async () => {
    const city = await pull(null);
    const hisingenUnit = unitOfOfficer('hisingen.duty');
    const theirs = rows<Vehicle & { status: string }>(city.state, 'vehicle').find((v) => inSubtree(tree, hisingenUnit, v.unitId) && v.status === 'available')!;
    const ours = rows<Vehicle & { status: string }>(city.state, 'vehicle').find((v) => inSubtree(tree, unitOfOfficer('centrum.duty'), v.unitId) && v.status === 'available')!;
    const refused = await post(command('vehicle.setStatus', { vehicleId: theirs.id, status: 'maintenance' }, 'centrum.duty'));
    expect(refused.status).toBe('rejected');
    expect(refused.status === 'rejected' && refused.code).toBe('out_of_scope');
    const after = await pull(null, city.cursor, city.state);
    expect((after.state.get('vehicle')!.get(theirs.id) as { status: string }).status).toBe('available');
    const ok = await post(command('vehicle.setStatus', { vehicleId: ours.id, status: 'maintenance' }, 'centrum.duty'));
    expect(ok.status).toBe('applied');
  });
});

describe('a shift’s handover is its unit’s', () => {
  const handover = (id: string, unitId?: string) => {
    const draft = '交接班草稿';
    return { handover: { id, shiftStart: Date.now() - 3600_000, shiftEnd: Date.now() + 3600_000, shiftName: '白班', team: '一组', draft, notes: '', contentHash: handoverContentHash(draft, ''), ...(unitId ? { unitId } : {}) } };
  };
  it('a bureau signs its own shift, not another’s; the id names the unit; each bureau is sent its own', async () => {
    const theirs = await post(command('handover.sign', handover('2026-12-03/day@unit-hisingen', 'unit-hisingen'), 'centrum.duty'));
    expect(theirs.status === 'rejected' && theirs.code).toBe('out_of_scope');
    const misnamed = await post(command('handover.sign', handover('2026-12-03/day', 'unit-centrum'), 'centrum.duty'));
    expect(misnamed.status === 'rejected' && misnamed.code).toBe('bad_shift');
    expect((await post(command('handover.sign', handover('2026-12-03/day@unit-centrum', 'unit-centrum'), 'centrum.duty'))).status).toBe('applied');
    expect((await post(command('handover.sign', handover('2026-12-03/day@unit-hisingen', 'unit-hisingen'), 'hisingen.duty'))).status).toBe('applied');
    // The city's own shift, as a city console signs it (no unit named): the city's.
    expect((await post(command('handover.sign', handover('2026-12-03/day'), 'demo.duty'))).status).toBe('applied');
    const ids = async (who: string | null) => rows<{ id: string }>((await pull(who)).state, 'handover').map((h) => h.id).sort();
    expect(await ids('centrum.duty')).toEqual(['2026-12-03/day@unit-centrum']);
    expect(await ids('hisingen.duty')).toEqual(['2026-12-03/day@unit-hisingen']);
    expect(await ids(null)).toEqual(['2026-12-03/day', '2026-12-03/day@unit-centrum', '2026-12-03/day@unit-hisingen']);
  });
});

describe('the audit log and the drills are the acting officer’s unit’s', () => {
  it('each bureau is sent its own officers’ entries and drills, the city all of them; a bureau’s part of the chain still proves itself', async () => {
    // One workstation's chain: the city's officer, Centrum's, Hisingen's, Centrum's again.
    const who = ['demo.duty', 'centrum.duty', 'hisingen.duty', 'centrum.duty'];
    const entries: LocalAuditEntry[] = [];
    let prev = AUDIT_GENESIS;
    who.forEach((username, i) => {
      const u = server.users().list().find((x) => x.username === username)!;
      const f: AuditFields = { at: Date.now() + i, workstation: 'demo-ws', userId: u.id, username, role: u.role, action: 'login', target: null, outcome: 'ok', detail: {} };
      const hash = localEntryHash(i + 1, prev, f);
      entries.push({ ...f, seq: i + 1, prevHash: prev, hash });
      prev = hash;
    });
    const res = await fetch(server.url + '/audit', { method: 'POST', headers: { ...DEMO_AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ entries }) });
    expect(res.status).toBe(200);
    // A drill started by Centrum's supervisor, one by the city's.
    const drill = (note: string) => ({ drill: { id: randomUUID(), startedAt: Date.now(), workstation: 'demo-ws', note } });
    expect((await post(command('drill.start', drill('中心区演练'), 'centrum.sup'))).status).toBe('applied');
    expect((await post(command('drill.start', drill('市局演练'), 'demo.supervisor'))).status).toBe('applied');

    const audit = async (username: string | null) => rows<CentralAuditEntry>((await pull(username)).state, 'audit').sort((a, b) => a.seq - b.seq);
    const drills = async (username: string | null) => rows<{ note: string }>((await pull(username)).state, 'drill').map((d) => d.note).sort();
    const city = await audit(null);
    expect(city.map((e) => e.username)).toEqual(who);
    expect(verifyCentralChain(city)).toMatchObject({ ok: true, checked: 4, gaps: 0 });
    const centrum = await audit('centrum.duty');
    expect(centrum.map((e) => `${e.seq}:${e.username}`)).toEqual(['2:centrum.duty', '4:centrum.duty']);
    // Held as a part: each entry proved, the two runs of other units' entries counted; held as if whole it would not hold.
    expect(verifyCentralChain(centrum, undefined, true)).toMatchObject({ ok: true, checked: 2, gaps: 2 });
    expect(verifyCentralChain(centrum).ok).toBe(false);
    expect((await audit('hisingen.duty')).map((e) => e.username)).toEqual(['hisingen.duty']);
    // A station below Centrum sees none of its bureau's own officers' entries.
    expect(await audit('nordstaden.duty')).toEqual([]);
    expect(await drills('centrum.duty')).toEqual(['中心区演练']);
    expect(await drills('hisingen.duty')).toEqual([]);
    expect(await drills(null)).toEqual(['中心区演练', '市局演练']);
  });
});

describe('live positions per scope', () => {
  it('a bureau’s stream carries its own vehicles only; the city’s all of them', async () => {
    const open = (username: string | null) =>
      new Promise<{ frames: Buffer[]; ws: WebSocket }>((resolve, reject) => {
        const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/live', { headers: headersOf(username) });
        const frames: Buffer[] = [];
        ws.on('message', (d: Buffer, binary: boolean) => binary && frames.push(d));
        ws.once('open', () => resolve({ frames, ws }));
        ws.once('error', reject);
      });
    const city = await open(null);
    const centrum = await open('centrum.duty');
    server.simulator.tick(1);
    const until = Date.now() + 5000;
    while ((city.frames.length === 0 || centrum.frames.length === 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const all = decodePositions(city.frames[0]!);
    const mine = decodePositions(centrum.frames[0]!);
    const fed = await pull('centrum.duty');
    const nos = new Set(rows<Vehicle>(fed.state, 'vehicle').map((v) => v.no));
    // Exactly the city's frame's vehicles that are the bureau's (a vehicle in maintenance reports nothing).
    expect(all.count).toBeGreaterThan(100);
    expect([...mine.vehicleNo].sort((a, b) => a - b)).toEqual([...all.vehicleNo].filter((no) => nos.has(no)).sort((a, b) => a - b));
    expect(mine.count).toBeGreaterThan(0);
    expect(mine.count).toBeLessThan(all.count);
    city.ws.close();
    centrum.ws.close();
  });
});

describe('a central whose ledger was written before the ledger was scoped', () => {
  it('scopes it (and the handovers, the audit log, the drills) once on start, and moves every lower console’s marker so that its cache drops what is not its own', async () => {
    const before = await pull('centrum.duty');
    const markerBefore = [...before.markers][0]!;
    const cityAssets = rows<{ id: string }>((await pull(null)).state, 'asset').length;
    expect(rows(before.state, 'asset').length).toBeLessThan(cityAssets);
    // As such a database was: no unit on any ledger change, and not yet scoped.
    await server.close();
    const raw = new Database(tmp.db());
    const unscoped = raw.prepare("UPDATE change SET unit_id = NULL, prev_unit_id = NULL, scope_kind = NULL WHERE tbl IN ('asset', 'asset_event', 'repair', 'climate_reading', 'handover', 'audit', 'drill')").run().changes;
    raw.prepare("DELETE FROM meta WHERE key = 'scope_backfill'").run();
    raw.close();
    expect(unscoped).toBeGreaterThan(cityAssets);
    server = await createCentralServer({ dbPath: tmp.db(), simulate: false, routeSliceMs: Infinity });
    const after = await pull('centrum.duty');
    const markerAfter = [...after.markers][0]!;
    expect(markerAfter).not.toBe(markerBefore);
    for (const table of ['asset', 'asset_event', 'repair', 'climate_reading', 'handover', 'audit', 'drill'] as const) {
      expect(rows(after.state, table).map((r) => JSON.stringify(r)).sort(), table).toEqual(rows(before.state, table).map((r) => JSON.stringify(r)).sort());
    }
    // Centrum's own handover (signed above) still reaches it, Hisingen's does not.
    expect(rows<{ id: string }>(after.state, 'handover').map((h) => h.id)).toEqual(['2026-12-03/day@unit-centrum']);
    // And its officers' audit entries and drill (written above), none of another unit's.
    expect(rows<{ username: string }>(after.state, 'audit').map((e) => e.username)).toEqual(['centrum.duty', 'centrum.duty']);
    expect(rows<{ note: string }>(after.state, 'drill').map((d) => d.note)).toEqual(['中心区演练']);
  });
});
