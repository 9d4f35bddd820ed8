import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPageSchema, commandResultSchema, OFFICER_HEADER, type Change, type ReplicaTable } from '../../shared/central-api';
import { checkUnitTree, countyOf, type UnitTree } from '../../shared/scope/tree';
import { DEMO_AUTH, ensureDemoCity, tempDir } from '../test-support';
import { createCentralServer, type CentralServer } from '../server';

/**
 * Requests flow up (multi-level command, issue 16): a station raises a request, its county
 * plans within the county; what it cannot meet it passes up, and the city's plan that takes
 * another county's stock waits for a city supervisor — who approves it (it runs, the wait
 * counted against the deadline) or refuses it (the stock set aside goes back). A county's own
 * large allocation waits for the county's supervisor. Nobody else decides: a duty officer, a
 * supervisor of the wrong level, the workstation itself are refused, and nothing is applied.
 * Two county consoles (Centrum, Hisingen), a station's (Nordstaden) and the city's, on one central.
 */

const tmp = tempDir('jb-approval-');
let server: CentralServer;
let tree: UnitTree;
const LARGE = 300;

beforeAll(async () => {
  await ensureDemoCity();
  server = await createCentralServer({ dbPath: tmp.db(), simulate: false, routeSliceMs: Infinity, scopeSettings: { largeAllocationUnits: LARGE } });
  const checked = checkUnitTree(server.units().list());
  if (!checked.ok) throw new Error('demo tree broken');
  tree = checked.tree;
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const user = (username: string) => {
  const u = server.users().list().find((x) => x.username === username);
  if (!u) throw new Error(`no user ${username}`);
  return u;
};
const command = (type: string, payload: unknown, username: string | null) => {
  const u = username ? user(username) : null;
  return { id: randomUUID(), type, issuedAt: Date.now(), payload, ...(u ? { actor: { userId: u.id, username: u.username, role: u.role, workstation: 'demo-ws' } } : {}) };
};
const post = async (cmd: unknown) => {
  const res = await fetch(server.url + '/commands', { method: 'POST', headers: { ...DEMO_AUTH, 'content-type': 'application/json' }, body: JSON.stringify(cmd) });
  const body = (await res.json()) as { code?: string; message?: string };
  // A payload the schema refuses is the request's fault (400), not a command's refusal.
  if (res.status === 400) return { id: '', status: 'rejected' as const, code: `http_400:${body.code}`, reason: body.message ?? '' };
  return commandResultSchema.parse(body);
};
const run = async (type: string, payload: unknown, username: string | null) => post(command(type, payload, username));
const codeOf = (r: Awaited<ReturnType<typeof post>>) => (r.status === 'rejected' ? r.code : r.status);

type State = Map<string, Map<string, unknown>>;
/** The whole feed as a console of `username` is sent it (null: the city's workstation). */
async function pull(username: string | null): Promise<State> {
  const state: State = new Map();
  let cursor = 0;
  for (;;) {
    const res = await fetch(`${server.url}/changes?since=${cursor}&limit=500`, { headers: { ...DEMO_AUTH, ...(username ? { [OFFICER_HEADER]: user(username).id } : {}) } });
    const page = changesPageSchema.parse(await res.json());
    for (const c of page.changes as Change[]) {
      const table = state.get(c.table) ?? new Map<string, unknown>();
      state.set(c.table, table);
      if (c.op === 'delete') table.delete(c.key);
      else table.set(c.key, c.row);
    }
    cursor = page.cursor;
    if (!page.hasMore) return state;
  }
}
const rows = <T>(s: State, table: ReplicaTable): T[] => [...(s.get(table)?.values() ?? [])] as T[];
const row = <T>(s: State, table: ReplicaTable, key: string): T | undefined => s.get(table)?.get(key) as T | undefined;

type Site = { id: string; kind: string; unitId: string };
type Vehicle = { id: string; status: string; unitId: string; plate: string };
type Stock = { siteId: string; itemId: string; quantity: number; safetyLevel: number };
type Dispatch = { id: string; status: string; vehicleId: string; predictedArrivalAt: number; approval?: { level: string; unitId: string; reasons: string[]; decision: string | null; decidedBy: string | null; note: string; requestedAt: number; decidedAt: number | null } };
type Request = { id: string; status: string; unitId: string; escalation?: { reason: string; by: string } };

const ITEM = 'n95-mask';
/** Nordstaden (a station of Centrum): its area's middle. */
const NORDSTADEN = { lon: 11.975, lat: 57.706 };

let city: State;
const countySupplySite = (county: string, atLeast: number): Stock & { site: Site } => {
  for (const s of rows<Site>(city, 'site')) {
    if (s.kind === 'station' || countyOf(tree, s.unitId) !== county) continue;
    const st = row<Stock>(city, 'stock', `${s.id}/${ITEM}`);
    if (st && st.quantity - atLeast >= st.safetyLevel) return { ...st, site: s };
  }
  throw new Error(`no ${county} site holds ${atLeast} ${ITEM} above its safety stock`);
};
const freeVehicle = (county: string, not: readonly string[] = []): Vehicle => {
  const v = rows<Vehicle>(city, 'vehicle').find((x) => x.status === 'available' && countyOf(tree, x.unitId) === county && !not.includes(x.id));
  if (!v) throw new Error(`no available vehicle in ${county}`);
  return v;
};
const newRequest = async (by: string, quantity = 20) => {
  const id = randomUUID();
  const r = await run('request.create', { request: { id, destination: { ...NORDSTADEN, label: '北城派出所' }, items: [{ itemId: ITEM, quantity }], priority: 'orange', requester: by, note: '', createdAt: Date.now(), deadlineAt: Date.now() + 1_800_000 } }, by);
  expect(codeOf(r)).toBe('applied');
  return id;
};
const dispatchPayload = (requestId: string, vehicleId: string, siteId: string, quantity: number) => ({
  dispatch: { id: randomUUID(), requestId, vehicleId, pickups: [{ siteId, itemId: ITEM, quantity }], siteIds: [siteId], predictedArrivalAt: Date.now() + 20 * 60_000, createdAt: Date.now() },
});

describe('requests flow up: the county plans its own, the city approves what crosses a county line', () => {
  beforeAll(async () => {
    city = await pull(null);
  });

  it('a station’s request planned in its county runs at once; passed up, the city’s cross-county plan waits for a city supervisor, is refused to everyone else, and runs once approved', async () => {
    const centrum = countyOf(tree, user('nordstaden.duty').unitId!)!;
    const hisingen = user('hisingen.duty').unitId!;
    expect(countyOf(tree, hisingen)).toBe(hisingen);
    expect(centrum).not.toBe(hisingen);

    // 1. The station raises it; its county plans it from its own depot: no approval, it runs.
    const small = await newRequest('nordstaden.duty');
    const own = countySupplySite(centrum, 20);
    const ownVehicle = freeVehicle(centrum);
    const inCounty = dispatchPayload(small, ownVehicle.id, own.siteId, 20);
    expect(codeOf(await run('dispatch.create', inCounty, 'centrum.duty'))).toBe('applied');
    let c = await pull('centrum.duty');
    expect(row<Dispatch>(c, 'dispatch', inCounty.dispatch.id)).toMatchObject({ status: 'enroute' });
    expect(row<Dispatch>(c, 'dispatch', inCounty.dispatch.id)!.approval).toBeUndefined();

    // 2. Another it cannot meet in time: the county may not reach into Hisingen's depots itself…
    const big = await newRequest('nordstaden.duty', 40);
    const far = countySupplySite(hisingen, 40);
    const farVehicle = freeVehicle(hisingen);
    expect(codeOf(await run('dispatch.create', dispatchPayload(big, farVehicle.id, far.siteId, 40), 'centrum.duty'))).toBe('out_of_scope');
    // …so it passes the request up; the city has no one above it to pass it to.
    expect(codeOf(await run('request.escalate', { requestId: big, reason: 'no_plan_in_time', note: '区内车辆均在途' }, 'demo.duty'))).toBe('nothing_above');
    expect(codeOf(await run('request.escalate', { requestId: big, reason: 'no_plan_in_time', note: '区内车辆均在途' }, 'centrum.duty'))).toBe('applied');

    // 3. The city plans it from Hisingen: it waits for a city supervisor, with its reasons.
    const cross = dispatchPayload(big, farVehicle.id, far.siteId, 40);
    expect(codeOf(await run('dispatch.create', cross, 'demo.duty'))).toBe('applied');
    let all = await pull(null);
    const waiting = row<Dispatch>(all, 'dispatch', cross.dispatch.id)!;
    expect(waiting.status).toBe('awaiting_approval');
    expect(waiting.approval).toMatchObject({ level: 'city', unitId: tree.rootId, reasons: ['cross_county', 'in_county_late'], decision: null, requestedBy: 'demo.duty' });
    // Its stock is set aside at once; its vehicle does not move, and is held from any other plan.
    expect(row<Stock>(all, 'stock', `${far.siteId}/${ITEM}`)!.quantity).toBe(far.quantity - 40);
    expect(row<Vehicle>(all, 'vehicle', farVehicle.id)!.status).toBe('available');
    expect(row<Request>(all, 'request', big)!.status).toBe('open');
    const other = await newRequest('centrum.duty', 5);
    const grab = await run('dispatch.create', dispatchPayload(other, farVehicle.id, far.siteId, 5), 'demo.duty');
    expect(grab.status === 'rejected' && grab.code).toBe('vehicle_unavailable');
    expect(grab.status === 'rejected' && grab.reason).toMatch(/held for a plan awaiting approval/);

    // Everyone involved sees it waiting and why: the station and its county (the request is theirs)…
    for (const who of ['nordstaden.duty', 'centrum.duty']) {
      const s = await pull(who);
      expect(row<Dispatch>(s, 'dispatch', cross.dispatch.id)).toMatchObject({ status: 'awaiting_approval', approval: { reasons: ['cross_county', 'in_county_late'] } });
      expect(row<Request>(s, 'request', big)!.escalation).toMatchObject({ reason: 'no_plan_in_time', by: 'centrum.duty' });
    }
    // …not Hisingen, whose stock it is (it sees its depot's stock set aside, not another county's request).
    const h = await pull('hisingen.duty');
    expect(row(h, 'dispatch', cross.dispatch.id)).toBeUndefined();
    expect(row<Stock>(h, 'stock', `${far.siteId}/${ITEM}`)!.quantity).toBe(far.quantity - 40);

    // 4. Nobody but a city supervisor decides it; each refusal changes nothing.
    expect(codeOf(await run('dispatch.approve', { dispatchId: cross.dispatch.id, note: '' }, 'centrum.duty'))).toBe('forbidden');
    expect(codeOf(await run('dispatch.approve', { dispatchId: cross.dispatch.id, note: '' }, 'demo.duty'))).toBe('forbidden');
    const county = await run('dispatch.approve', { dispatchId: cross.dispatch.id, note: '' }, 'centrum.sup');
    expect(county.status === 'rejected' && county.code).toBe('no_authority');
    expect(county.status === 'rejected' && county.reason).toMatch(/city/);
    expect(codeOf(await run('dispatch.refuse', { dispatchId: cross.dispatch.id, note: '不同意' }, 'centrum.sup'))).toBe('no_authority');
    expect(codeOf(await run('dispatch.approve', { dispatchId: cross.dispatch.id, note: '' }, null))).toBe('no_authority');
    all = await pull(null);
    expect(row<Dispatch>(all, 'dispatch', cross.dispatch.id)!.status).toBe('awaiting_approval');

    // 5. The city supervisor approves: it runs, and the wait moved its promised arrival.
    const before = Date.now();
    expect(codeOf(await run('dispatch.approve', { dispatchId: cross.dispatch.id, note: '同意调用北区储备' }, 'demo.supervisor'))).toBe('applied');
    all = await pull(null);
    const ran = row<Dispatch>(all, 'dispatch', cross.dispatch.id)!;
    expect(ran.status).toBe('enroute');
    expect(ran.approval).toMatchObject({ decision: 'approved', decidedBy: 'demo.supervisor', note: '同意调用北区储备' });
    expect(ran.approval!.decidedAt!).toBeGreaterThanOrEqual(ran.approval!.requestedAt);
    expect(ran.approval!.decidedAt!).toBeGreaterThanOrEqual(before);
    expect(ran.predictedArrivalAt - waiting.predictedArrivalAt).toBe(ran.approval!.decidedAt! - ran.approval!.requestedAt);
    expect(row<Vehicle>(all, 'vehicle', farVehicle.id)!.status).toBe('enroute');
    expect(row<Request>(all, 'request', big)!.status).toBe('dispatched');
    // The stock was taken once, when set aside.
    expect(row<Stock>(all, 'stock', `${far.siteId}/${ITEM}`)!.quantity).toBe(far.quantity - 40);
    // Decided once: a second word on it is refused, naming who decided.
    const again = await run('dispatch.refuse', { dispatchId: cross.dispatch.id, note: '晚了' }, 'demo.supervisor');
    expect(again.status === 'rejected' && again.code).toBe('already_decided');
    expect(again.status === 'rejected' && again.reason).toMatch(/approved by demo.supervisor/);
    c = await pull('centrum.duty');
    expect(row<Dispatch>(c, 'dispatch', cross.dispatch.id)).toMatchObject({ status: 'enroute', approval: { decision: 'approved' } });
  });

  it('a refused plan gives its stock back and leaves the request open for another plan', async () => {
    const hisingen = user('hisingen.duty').unitId!;
    const req = await newRequest('nordstaden.duty', 15);
    const far = countySupplySite(hisingen, 15);
    const before = row<Stock>(await pull(null), 'stock', `${far.siteId}/${ITEM}`)!.quantity;
    const v = freeVehicle(hisingen, rows<Dispatch>(await pull(null), 'dispatch').map((d) => d.vehicleId));
    const cross = dispatchPayload(req, v.id, far.siteId, 15);
    expect(codeOf(await run('dispatch.create', cross, 'demo.duty'))).toBe('applied');
    let all = await pull(null);
    // Not passed up: it left the county on the city's own judgement, and says only that.
    expect(row<Dispatch>(all, 'dispatch', cross.dispatch.id)!.approval!.reasons).toEqual(['cross_county']);
    expect(row<Stock>(all, 'stock', `${far.siteId}/${ITEM}`)!.quantity).toBe(before - 15);
    expect(codeOf(await run('dispatch.refuse', { dispatchId: cross.dispatch.id, note: '' }, 'demo.supervisor'))).toBe('http_400:invalid_command');
    expect(codeOf(await run('dispatch.refuse', { dispatchId: cross.dispatch.id, note: '北区储备留作防汛' }, 'demo.supervisor'))).toBe('applied');
    all = await pull(null);
    expect(row<Dispatch>(all, 'dispatch', cross.dispatch.id)).toMatchObject({ status: 'cancelled', approval: { decision: 'refused', decidedBy: 'demo.supervisor', note: '北区储备留作防汛' } });
    expect(row<Stock>(all, 'stock', `${far.siteId}/${ITEM}`)!.quantity).toBe(before);
    expect(row<Vehicle>(all, 'vehicle', v.id)!.status).toBe('available');
    expect(row<Request>(all, 'request', req)!.status).toBe('open');
  });

  it('a large allocation within the county waits for the county’s supervisor (or the city’s), not for the county’s duty officer', async () => {
    const centrum = user('centrum.duty').unitId!;
    const req = await newRequest('nordstaden.duty', LARGE);
    const own = countySupplySite(centrum, LARGE);
    const v = freeVehicle(centrum, rows<Dispatch>(await pull(null), 'dispatch').map((d) => d.vehicleId));
    const plan = dispatchPayload(req, v.id, own.siteId, LARGE);
    expect(codeOf(await run('dispatch.create', plan, 'centrum.duty'))).toBe('applied');
    let c = await pull('centrum.duty');
    expect(row<Dispatch>(c, 'dispatch', plan.dispatch.id)).toMatchObject({ status: 'awaiting_approval', approval: { level: 'county', unitId: centrum, reasons: ['large_allocation'] } });
    expect(codeOf(await run('dispatch.approve', { dispatchId: plan.dispatch.id, note: '' }, 'hisingen.duty'))).toBe('forbidden');
    expect(codeOf(await run('dispatch.approve', { dispatchId: plan.dispatch.id, note: '同意' }, 'centrum.sup'))).toBe('applied');
    c = await pull('centrum.duty');
    expect(row<Dispatch>(c, 'dispatch', plan.dispatch.id)).toMatchObject({ status: 'enroute', approval: { decision: 'approved', decidedBy: 'centrum.sup' } });
  });
});
