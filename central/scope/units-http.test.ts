import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../auth/demo-users';
import { totpCode } from '../../shared/auth/totp';
import { centralRefusalSchema, centralLoginResultSchema, changesPageSchema, SESSION_HEADER, unitChangeResultSchema, unitsResultSchema, type UnitChange } from '../../shared/central-api';
import type { Unit } from '../../shared/scope/schema';
import { DEMO_AUTH, ensureDemoCity, tempDir } from '../test-support';
import { createCentralServer, type CentralServer } from '../server';

/**
 * The command tree's administration over HTTP (/units): an administrator's session only; a
 * change that would break the tree (a cycle, an orphan, a move under its own child) refused
 * with the tree's problem codes and nothing written; an accepted one in GET and in the change
 * feed every console pulls.
 */

const tmp = tempDir('jb-units-');
let server: CentralServer;
const sessions: Partial<Record<'admin' | 'supervisor', string>> = {};

async function signIn(role: 'admin' | 'supervisor'): Promise<string> {
  const a = DEMO_ACCOUNTS[role];
  const res = await fetch(server.url + '/auth/login', { method: 'POST', headers: { ...DEMO_AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ username: a.username, password: a.password, code: totpCode(a.totpSecret) }) });
  const r = centralLoginResultSchema.parse(await res.json());
  if (r.status !== 'signed_in') throw new Error(`${role} not enrolled`);
  return r.session.token;
}

beforeAll(async () => {
  await ensureDemoCity();
  server = await createCentralServer({ dbPath: tmp.db(), simulate: false, routeSliceMs: Infinity });
  sessions.admin = await signIn('admin');
  sessions.supervisor = await signIn('supervisor');
}, 60_000);
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const headers = (session: string | null) => ({ ...DEMO_AUTH, 'content-type': 'application/json', ...(session ? { [SESSION_HEADER]: session } : {}) });
const getUnits = async (session: string | null = sessions.admin!) => {
  const res = await fetch(server.url + '/units', { headers: headers(session) });
  return { status: res.status, body: (await res.json()) as unknown };
};
const post = async (change: UnitChange | Record<string, unknown>, session: string | null = sessions.admin!) => {
  const res = await fetch(server.url + '/units', { method: 'POST', headers: headers(session), body: JSON.stringify(change) });
  return { status: res.status, body: (await res.json()) as unknown };
};
const units = async (): Promise<Unit[]> => unitsResultSchema.parse((await getUnits()).body).units;
const refusal = (body: unknown) => centralRefusalSchema.parse(body);
const post1 = (id: string, parentId: string, name = '测试警务站'): Unit => ({ id, kind: 'post', name, nameEn: 'Test Street Post', parentId, area: null });

describe('/units', () => {
  it('is an administrator’s: no session 401, a supervisor 403 for reading and changing, nothing written', async () => {
    const cursor = server.head().cursor;
    expect((await getUnits(null)).status).toBe(401);
    const read = await getUnits(sessions.supervisor!);
    expect(read.status).toBe(403);
    expect(refusal(read.body).code).toBe('forbidden');
    const change = await post({ kind: 'save', unit: post1('unit-post-sneaky', 'unit-nordstaden') }, sessions.supervisor!);
    expect(change.status).toBe(403);
    expect(refusal(change.body).code).toBe('forbidden');
    expect(server.head().cursor).toBe(cursor);
    expect((await units()).some((u) => u.id === 'unit-post-sneaky')).toBe(false);
  });

  it('lists the whole tree for an administrator', async () => {
    const list = await units();
    expect(list).toEqual(server.units().list());
    expect(list.filter((u) => u.kind === 'city')).toHaveLength(1);
    expect(list.some((u) => u.kind === 'post')).toBe(true);
  });

  it('refuses a move under its own child, a cycle and an orphan with the tree’s problem codes, and writes nothing', async () => {
    const before = await units();
    const cursor = server.head().cursor;
    const centrum = before.find((u) => u.id === 'unit-centrum')!;

    const under = await post({ kind: 'move', unitId: 'unit-centrum', parentId: 'unit-nordstaden' });
    expect(under.status).toBe(422);
    expect(refusal(under.body)).toMatchObject({ code: 'bad_tree', problems: [{ unitId: 'unit-centrum', code: 'move_under_descendant' }] });

    const cycle = await post({ kind: 'save', unit: { ...centrum, parentId: 'unit-nordstaden' } });
    expect(cycle.status).toBe(422);
    expect(refusal(cycle.body).problems!.map((p) => p.code)).toContain('cycle');
    expect(refusal(cycle.body).message).toMatch(/own ancestor/);

    const orphan = await post({ kind: 'save', unit: post1('unit-post-orphan', 'unit-nowhere') });
    expect(orphan.status).toBe(422);
    expect(refusal(orphan.body).problems).toEqual([expect.objectContaining({ unitId: 'unit-post-orphan', code: 'orphan' })]);

    // Malformed, or about something that is not there: refused before the tree is looked at.
    expect((await post({ kind: 'move', unitId: 'unit-centrum' })).status).toBe(400);
    expect((await post({ kind: 'assign', table: 'vehicle', id: 'veh-nope', unitId: 'unit-centrum' })).status).toBe(404);

    expect(await units()).toEqual(before);
    expect(server.head().cursor).toBe(cursor);
  });

  it('saves a new unit, renames and moves it, hands a vehicle over: each in GET and in the change feed', async () => {
    const cursor = server.head().cursor;
    const added = unitChangeResultSchema.parse((await post({ kind: 'save', unit: post1('unit-post-test', 'unit-nordstaden') })).body);
    expect(added).toMatchObject({ kind: 'unit', before: null, after: { id: 'unit-post-test', parentId: 'unit-nordstaden' } });

    const renamed = unitChangeResultSchema.parse((await post({ kind: 'save', unit: post1('unit-post-test', 'unit-nordstaden', '斯文警务站') })).body);
    expect(renamed).toMatchObject({ before: { name: '测试警务站' }, after: { name: '斯文警务站' } });

    const moved = unitChangeResultSchema.parse((await post({ kind: 'move', unitId: 'unit-post-test', parentId: 'unit-lundby' })).body);
    expect(moved).toMatchObject({ before: { parentId: 'unit-nordstaden' }, after: { parentId: 'unit-lundby', name: '斯文警务站' } });
    expect((await units()).find((u) => u.id === 'unit-post-test')).toMatchObject({ parentId: 'unit-lundby', name: '斯文警务站' });

    const vehicle = 'veh-001';
    const assigned = unitChangeResultSchema.parse((await post({ kind: 'assign', table: 'vehicle', id: vehicle, unitId: 'unit-post-test' })).body);
    if (assigned.kind !== 'assignment') throw new Error('not an assignment');
    expect(assigned.after).toEqual({ table: 'vehicle', id: vehicle, unitId: 'unit-post-test' });
    expect(assigned.before.unitId).not.toBe('unit-post-test');

    // The city's console pulls each change: the unit's three versions, the vehicle with its new unit.
    const res = await fetch(`${server.url}/changes?since=${cursor}&limit=100`, { headers: DEMO_AUTH });
    const page = changesPageSchema.parse(await res.json());
    const mine = page.changes.filter((c) => c.key === 'unit-post-test');
    expect(mine.map((c) => c.table)).toEqual(['unit', 'unit', 'unit']);
    expect(mine.at(-1)!.row).toMatchObject({ parentId: 'unit-lundby', name: '斯文警务站' });
    expect(page.changes.find((c) => c.table === 'vehicle' && c.key === vehicle)?.row).toMatchObject({ unitId: 'unit-post-test' });
  });

  it('removes only an unused leaf: refused for what it still holds, for a unit under it, for the root, writing nothing; removed, it is gone from GET and deleted in the feed', async () => {
    // A post with a vehicle, and a post under the post's parent's sibling to stand under it.
    await post({ kind: 'save', unit: post1('unit-post-gone', 'unit-nordstaden', '待撤警务站') });
    await post({ kind: 'assign', table: 'vehicle', id: 'veh-002', unitId: 'unit-post-gone' });
    const site = 'qp-05';
    const siteWas = unitChangeResultSchema.parse((await post({ kind: 'assign', table: 'site', id: site, unitId: 'unit-post-gone' })).body);
    if (siteWas.kind !== 'assignment') throw new Error('not an assignment');
    const cursor = server.head().cursor;
    const before = await units();

    const holding = await post({ kind: 'remove', unitId: 'unit-post-gone' });
    expect(holding.status).toBe(422);
    expect(refusal(holding.body)).toMatchObject({ code: 'bad_tree', problems: [{ unitId: 'unit-post-gone', code: 'holds_sites' }, { unitId: 'unit-post-gone', code: 'holds_vehicles' }] });
    // A bureau with stations and officers under it: both named (its sites are its stations').
    const county = await post({ kind: 'remove', unitId: 'unit-centrum' });
    expect(county.status).toBe(422);
    expect(refusal(county.body).problems!.map((p) => p.code)).toEqual(['has_children', 'holds_users']);
    const root = (await units()).find((u) => u.parentId === null)!;
    expect(refusal((await post({ kind: 'remove', unitId: root.id })).body).problems!.map((p) => p.code)).toEqual(['no_root']);
    expect((await post({ kind: 'remove', unitId: 'unit-nowhere' })).status).toBe(404);
    expect(await units()).toEqual(before);
    expect(server.head().cursor).toBe(cursor);

    // Its vehicle and site handed back, the post goes: out of GET, a delete in the feed after the hand-overs.
    await post({ kind: 'assign', table: 'vehicle', id: 'veh-002', unitId: 'unit-nordstaden' });
    await post({ kind: 'assign', table: 'site', id: site, unitId: siteWas.before.unitId });
    const removed = unitChangeResultSchema.parse((await post({ kind: 'remove', unitId: 'unit-post-gone' })).body);
    expect(removed).toEqual({ kind: 'removed', before: expect.objectContaining({ id: 'unit-post-gone', name: '待撤警务站' }) });
    expect((await units()).map((u) => u.id)).toEqual(before.map((u) => u.id).filter((id) => id !== 'unit-post-gone'));
    const page = changesPageSchema.parse(await (await fetch(`${server.url}/changes?since=${cursor}&limit=100`, { headers: DEMO_AUTH })).json());
    expect(page.changes.filter((c) => c.table === 'unit' || c.table === 'site' || c.table === 'vehicle').map((c) => `${c.table}:${c.op}:${c.key}`)).toEqual(['vehicle:upsert:veh-002', `site:upsert:${site}`, 'unit:delete:unit-post-gone']);
    expect((await post({ kind: 'remove', unitId: 'unit-post-gone' })).status).toBe(404);
  });
});
