/**
 * A site's stock-take through the board API (issue 13): a known small ledger in an encrypted
 * cache, the reader's EPCs reconciled into every group with its correction, RFID coverage and
 * the error rate worked out by hand below; the confirmed corrections queued as `asset.step`
 * commands with their audit entries, all in one go, and seen at once by the next preview; and
 * every bad input refused with nothing queued and nothing audited: an unknown site, a bad or
 * repeated EPC, too many tags, a correction the ledger no longer allows, an asset twice, a
 * role that may not take stock.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoardError, MAX_STOCKTAKE_TAGS, type CallerContext, type MethodResult } from '../../../shared/board-api';
import { roleCan, type Role } from '../../../shared/auth/roles';
import type { Asset, AssetType } from '../../../shared/assets/schema';
import { localDay } from '../../../shared/assets/flight-days';
import type { Site } from '../../../shared/domain';
import { commandModule } from '../../../shared/commands/registry';
import { createReplicaAccess } from '../../../shared/replica/access';
import { createAuditLog } from '../audit/log';
import type { Handlers } from '../board/handler-types';
import { createDispatcher } from '../board/dispatcher';
import { createCommandIssuer } from '../commands/issue';
import { openStore, type Db } from '../store/database';
import { createOutbox } from '../store/outbox';
import { createReplicaReader } from '../store/replica';
import { createBoardView } from '../store/view';
import { tempDir, testCacheKey } from '../test-support';
import { createAssetsHandlers } from './handlers';

const cacheKey = testCacheKey();
const NOW = Date.UTC(2026, 11, 1, 2, 0, 0);

let tmp: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  tmp = tempDir('jb-stocktake-');
  db = openStore(join(tmp.dir, 'cache.sqlite'), { key: cacheKey, synchronous: 'NORMAL' });
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const TYPE: AssetType = { id: 'bodycam-a', class: 'bodycam', name: '记录仪A', nameEn: 'Bodycam A', serviceLifeMonths: null, ratedCycles: null };
const site = (id: string): Site => ({ id, kind: 'regional', name: id, nameEn: id, address: '', lon: 11.97, lat: 57.7 });
const epc = (n: number) => `E2801170000000000000${n.toString(16).toUpperCase().padStart(4, '0')}`;
const asset = (id: string, n: number | null, over: Partial<Asset> = {}): Asset => ({
  id, typeId: TYPE.id, serial: `S-${id}`, qr: `JB-${id.toUpperCase().padStart(4, '0')}`, epc: n === null ? null : epc(n), state: 'stored', siteId: 's-a', holder: null,
  since: NOW - 86_400_000, procuredAt: NOW - 86_400_000 * 30, acceptedAt: NOW - 86_400_000 * 29, cycles: null, pendingRequestId: null, ...over,
});

/**
 * Site s-a's ledger: A1–A5 stored and tagged, A6 stored without a tag, M1 recorded missing
 * here, R1 sent to repair from here; elsewhere B1 stored at s-b, O1 out with an officer, and
 * P1 just procured (not in service). The reader at s-a hears A1–A4 (not A5), B1, M1, O1, R1
 * and one tag nobody registered.
 */
const LEDGER: Asset[] = [
  ...[1, 2, 3, 4, 5].map((n) => asset(`a${n}`, n)),
  asset('a6', null),
  asset('m1', 20, { state: 'missing' }),
  asset('r1', 21, { state: 'in_repair' }),
  asset('b1', 30, { siteId: 's-b' }),
  asset('o1', 31, { state: 'allocated', siteId: 's-b', holder: 'officer-07' }),
  asset('p1', 32, { state: 'procured', siteId: null, acceptedAt: null }),
];
const UNKNOWN = epc(0xffff);
const HEARD = [epc(1), epc(2), epc(3), epc(4), epc(30), epc(20), epc(31), epc(21), UNKNOWN];

function seed(assets: Asset[] = LEDGER): void {
  const access = createReplicaAccess(db);
  db.transaction(() => {
    access.put('asset_type', TYPE);
    for (const s of ['s-a', 's-b']) access.put('site', site(s));
    for (const a of assets) access.put('asset', a);
  })();
}

/** The assets handlers behind the real dispatcher (schemas both ways), a command issuer with its audit log, and a role per caller. */
function board() {
  const outbox = createOutbox(db, () => NOW);
  const replica = createReplicaReader(db);
  const audit = createAuditLog(db, 'ws-test', () => NOW);
  const roles = new Map<string, Role>();
  const commands = createCommandIssuer({
    db,
    outbox,
    audit,
    actorOf: (ctx) => ({ userId: `u-${ctx.origin}`, username: `demo.${roles.get(ctx.origin) ?? 'duty'}`, role: roles.get(ctx.origin) ?? 'duty', workstation: 'ws-test' }),
    before: (type, payload) => commandModule(type).serverRow(createBoardView(replica, outbox.unreflected()).tx, payload as never),
    commandsChanged: () => {},
  });
  const handlers = createAssetsHandlers({ db, replica, outbox, commands, now: () => NOW });
  const dispatcher = createDispatcher(handlers as unknown as Handlers, () => {}, {
    authorize: (ctx, permission) => {
      const role = roles.get(ctx.origin);
      if (!role || !roleCan(role, permission)) throw new BoardError('forbidden', `${role ?? 'nobody'} may not (${permission})`);
    },
  });
  const as = (role: Role): CallerContext => {
    roles.set(role, role);
    return { transport: 'port', origin: role, connection: { sessionId: null } };
  };
  const duty = as('duty');
  const preview = (arg: object, ctx = duty) => dispatcher.call('stocktake.preview', arg, ctx) as Promise<MethodResult<'stocktake.preview'>>;
  const confirm = (arg: object, ctx = duty) => dispatcher.call('stocktake.confirm', arg, ctx) as Promise<MethodResult<'stocktake.confirm'>>;
  const shown = (id: string) => createBoardView(replica, outbox.unreflected()).tx.get('asset', id)!;
  const audited = () => audit.list({ limit: 1000 }).local.length;
  const climate = (arg: object, ctx = duty) => dispatcher.call('climate.import', arg, ctx) as Promise<MethodResult<'climate.import'>>;
  const cyclesCheck = (arg: object, ctx = duty) => dispatcher.call('cycles.check', arg, ctx) as Promise<MethodResult<'cycles.check'>>;
  const cyclesImport = (arg: object, ctx = duty) => dispatcher.call('cycles.import', arg, ctx) as Promise<MethodResult<'cycles.import'>>;
  const flightsCheck = (arg: object, ctx = duty) => dispatcher.call('flights.check', arg, ctx) as Promise<MethodResult<'flights.check'>>;
  const flightsImport = (arg: object, ctx = duty) => dispatcher.call('flights.import', arg, ctx) as Promise<MethodResult<'flights.import'>>;
  const days = (assetId: string) => createBoardView(replica, outbox.unreflected()).tx.where('battery_day', 'asset_id', assetId).map((x) => [x.day, x.flights, x.counter]).sort();
  return { preview, confirm, climate, cyclesCheck, cyclesImport, flightsCheck, flightsImport, days, as, outbox, shown, audited };
}

const refusal = async (p: Promise<unknown>): Promise<{ code: string; message: string; params?: Record<string, unknown> }> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof BoardError) return { code: e.code, message: e.message, ...(e.params ? { params: e.params } : {}) };
    throw e;
  }
  throw new Error('expected a refusal');
};
const ids = (xs: readonly { assetId: string }[]) => xs.map((x) => x.assetId);

describe('stocktake.preview', () => {
  it('reconciles the reader’s tags with the site: every group, the corrections, the error rate and coverage', async () => {
    seed();
    const b = board();
    const r = await b.preview({ siteId: 's-a', epcs: HEARD, reads: 25 });
    expect(r).toMatchObject({ siteId: 's-a', expected: 5, untaggedHere: 1, reads: 25, uniqueEpcs: 9, duplicateReads: 16, matched: 4 });
    expect(ids(r.missing)).toEqual(['a5']);
    expect(ids(r.wrongSite)).toEqual(['b1']);
    expect(r.wrongSite[0]).toMatchObject({ qr: 'JB-00B1', serial: 'S-b1', typeId: 'bodycam-a', epc: epc(30), state: 'stored', siteId: 's-b' });
    expect(ids(r.found)).toEqual(['m1']);
    expect(ids(r.out)).toEqual(['o1']);
    expect(ids(r.other)).toEqual(['r1']);
    expect(r.unknown).toEqual([UNKNOWN]);
    expect(r.clashes).toEqual([]);
    expect(r.corrections).toEqual([
      { assetId: 'a5', step: 'report_missing', siteId: null, reason: expect.stringContaining('not heard') },
      { assetId: 'b1', step: 'transfer', siteId: 's-a', reason: expect.stringContaining('s-b') },
      { assetId: 'm1', step: 'found', siteId: 's-a', reason: expect.any(String) },
      { assetId: 'o1', step: 'return', siteId: 's-a', reason: expect.any(String) },
    ]);
    // 6 discrepancies (missing, wrong site, found, out, other, unknown) over 5 expected.
    expect(r).toMatchObject({ discrepancies: 6, errorRate: 6 / 5, target: 0.0003, meets: false });
    // In service at s-a: A1–A6, M1, R1 (8), of which tagged all but A6 (7). Overall: those and
    // B1, O1 (10, all tagged but A6: 9); P1 is not in service yet.
    expect(r.coverage.site).toEqual({ tagged: 7, inService: 8, coverage: 7 / 8, target: 0.8, meets: true });
    expect(r.coverage.overall).toEqual({ tagged: 9, inService: 10, coverage: 0.9, target: 0.8, meets: true });
    expect(r.types).toEqual([{ id: 'bodycam-a', class: 'bodycam', name: '记录仪A', nameEn: 'Bodycam A' }]);
    // A preview changes nothing.
    expect(b.outbox.pendingCount()).toBe(0);
    expect(b.audited()).toBe(0);
  });

  it('a clean stock-take meets the 0.03% target; coverage below 80% says so', async () => {
    seed([...[1, 2, 3].map((n) => asset(`a${n}`, n)), asset('u1', null), asset('u2', null)]);
    const r = await board().preview({ siteId: 's-a', epcs: [epc(1), epc(2), epc(3)], reads: 3 });
    expect(r).toMatchObject({ expected: 3, matched: 3, discrepancies: 0, errorRate: 0, accuracy: 1, meets: true, corrections: [] });
    expect(r.coverage.site).toEqual({ tagged: 3, inService: 5, coverage: 0.6, target: 0.8, meets: false });
  });

  it('a tag the ledger gives to two assets is listed as a clash, never reconciled as either', async () => {
    seed([...LEDGER, asset('twin', 1, { siteId: 's-b' })]);
    const r = await board().preview({ siteId: 's-a', epcs: HEARD, reads: 9 });
    expect(r.clashes).toEqual([{ epc: epc(1), assetIds: ['a1', 'twin'] }]);
    // Its tag was heard: neither reported missing nor unknown; one discrepancy.
    expect(r.matched).toBe(4);
    expect(ids(r.missing)).toEqual(['a5']);
    expect(r.unknown).toEqual([UNKNOWN]);
    expect(r.corrections.map((c) => c.assetId)).not.toContain('twin');
    expect(r.discrepancies).toBe(7);
  });

  it('refuses bad input and changes nothing: an unknown site, a bad EPC, a repeated EPC, too many tags, fewer reads than tags', async () => {
    seed();
    const b = board();
    expect(await refusal(b.preview({ siteId: 's-nowhere', epcs: HEARD, reads: 9 }))).toMatchObject({ code: 'not_found', params: { site: 's-nowhere' } });
    expect(await refusal(b.preview({ siteId: 's-a', epcs: ['E28011700000', ...HEARD], reads: 10 }))).toMatchObject({ code: 'bad_request' });
    expect(await refusal(b.preview({ siteId: 's-a', epcs: [epc(1), epc(2), epc(1)], reads: 3 }))).toMatchObject({ code: 'bad_request', message: expect.stringContaining(`EPC ${epc(1)} is listed twice`) });
    const tooMany = Array.from({ length: MAX_STOCKTAKE_TAGS + 1 }, (_, i) => `E28011700000${i.toString(16).toUpperCase().padStart(12, '0')}`);
    expect(await refusal(b.preview({ siteId: 's-a', epcs: tooMany, reads: tooMany.length }))).toMatchObject({ code: 'bad_request' });
    expect(await refusal(b.preview({ siteId: 's-a', epcs: HEARD, reads: 3 }))).toMatchObject({ code: 'bad_request', message: expect.stringContaining('reads') });
    expect(await refusal(b.preview({ siteId: 's-a', epcs: [], reads: 1 }))).toMatchObject({ code: 'bad_request' });
    expect(b.outbox.pendingCount()).toBe(0);
    expect(b.audited()).toBe(0);
  });
});

describe('stocktake.confirm', () => {
  const proposed = [
    { assetId: 'a5', step: 'report_missing' },
    { assetId: 'b1', step: 'transfer', siteId: 's-a' },
    { assetId: 'm1', step: 'found', siteId: 's-a' },
    { assetId: 'o1', step: 'return', siteId: 's-a' },
  ] as const;

  it('queues each confirmed correction as an asset step, audited, shown at once; the next preview is clean', async () => {
    seed();
    const b = board();
    const { commands } = await b.confirm({ siteId: 's-a', note: '盘点 s-a', corrections: proposed.map((c) => ({ ...c, commandId: crypto.randomUUID() })) });
    expect(commands).toHaveLength(4);
    const queued = b.outbox.unreflected();
    expect(queued.map((c) => [c.type, c.payload])).toEqual(proposed.map((c) => ['asset.step', { ...c, note: '盘点 s-a' }]));
    expect(queued.map((c) => c.id)).toEqual(commands.map((c) => c.commandId));
    expect(queued.every((c) => c.actor?.username === 'demo.duty')).toBe(true);
    expect(b.audited()).toBe(4);
    // The board shows them at once (the overlay), before the central has them.
    expect(b.shown('a5')).toMatchObject({ state: 'missing' });
    expect(b.shown('b1')).toMatchObject({ state: 'stored', siteId: 's-a' });
    expect(b.shown('m1')).toMatchObject({ state: 'stored', siteId: 's-a' });
    expect(b.shown('o1')).toMatchObject({ state: 'stored', siteId: 's-a', holder: null });
    // The same reader's tags again: only what no step fixes is left (R1 in repair, the unknown tag).
    const again = await b.preview({ siteId: 's-a', epcs: HEARD, reads: 9 });
    expect(again).toMatchObject({ expected: 7, matched: 7, missing: [], wrongSite: [], found: [], out: [], corrections: [], unknown: [UNKNOWN] });
    expect(ids(again.other)).toEqual(['r1']);
  });

  it('the same confirmation sent again is the same commands, not new ones', async () => {
    seed();
    const b = board();
    const arg = { siteId: 's-a', note: '盘点', corrections: proposed.map((c) => ({ ...c, commandId: crypto.randomUUID() })) };
    const first = await b.confirm(arg);
    const second = await b.confirm(arg);
    expect(second.commands.map((c) => c.commandId)).toEqual(first.commands.map((c) => c.commandId));
    expect(b.outbox.pendingCount()).toBe(4);
    expect(b.audited()).toBe(4);
  });

  it('one correction the ledger no longer allows refuses them all, naming the asset: nothing queued, nothing audited', async () => {
    seed();
    const b = board();
    // A1 is stored: 'found' is not its step. The three legal ones before it are not queued either.
    const bad = [...proposed.slice(0, 3), { assetId: 'a1', step: 'found', siteId: 's-a' }];
    expect(await refusal(b.confirm({ siteId: 's-a', note: '', corrections: bad }))).toMatchObject({ code: 'step_refused', params: { asset: 'JB-00A1', step: 'found', state: 'stored', why: 'illegal_step' } });
    // Transfer to the site it is at; an asset that does not exist; a site that does not exist.
    expect(await refusal(b.confirm({ siteId: 's-a', note: '', corrections: [{ assetId: 'a1', step: 'transfer', siteId: 's-a' }] }))).toMatchObject({ code: 'step_refused', params: { why: 'same_site' } });
    expect(await refusal(b.confirm({ siteId: 's-a', note: '', corrections: [{ assetId: 'nope', step: 'report_missing' }] }))).toMatchObject({ code: 'not_found', params: { asset: 'nope' } });
    expect(await refusal(b.confirm({ siteId: 's-x', note: '', corrections: [{ assetId: 'a5', step: 'report_missing' }] }))).toMatchObject({ code: 'not_found', params: { site: 's-x' } });
    // An asset twice, a step a stock-take does not propose, nothing at all.
    expect(await refusal(b.confirm({ siteId: 's-a', note: '', corrections: [proposed[0], proposed[0]] }))).toMatchObject({ code: 'bad_request' });
    expect(await refusal(b.confirm({ siteId: 's-a', note: '', corrections: [{ assetId: 'a5', step: 'scrap' }] }))).toMatchObject({ code: 'bad_request' });
    expect(await refusal(b.confirm({ siteId: 's-a', note: '', corrections: [] }))).toMatchObject({ code: 'bad_request' });
    expect(b.outbox.pendingCount()).toBe(0);
    expect(b.audited()).toBe(0);
    expect(b.shown('a5')).toMatchObject({ state: 'stored' });
  });

  it('who may take stock: duty officers and supervisors; the wall, an administrator and an auditor are refused', async () => {
    seed();
    const b = board();
    const arg = { siteId: 's-a', epcs: HEARD, reads: 9 };
    await expect(b.preview(arg, b.as('supervisor'))).resolves.toMatchObject({ expected: 5 });
    for (const role of ['wall', 'admin', 'auditor'] as const) {
      expect(await refusal(b.preview(arg, b.as(role))), role).toMatchObject({ code: 'forbidden' });
      expect(await refusal(b.confirm({ siteId: 's-a', note: '', corrections: [proposed[0]] }, b.as(role))), role).toMatchObject({ code: 'forbidden' });
    }
    expect(b.outbox.pendingCount()).toBe(0);
    await b.confirm({ siteId: 's-a', note: '', corrections: [proposed[0]] }, b.as('supervisor'));
    expect(b.outbox.unreflected()[0]?.actor?.username).toBe('demo.supervisor');
  });
});

describe('climate.import', () => {
  // Hourly, ending an hour before NOW (2026-12-01): never in the future.
  const readings = (n: number) => Array.from({ length: n }, (_, i) => ({ at: NOW - (n - i) * 3_600_000, tempC: 22 + (i % 5), humidity: 50 }));
  const chunk = (siteId: string, n: number, commandId = crypto.randomUUID()) => ({ siteId, readings: readings(n), commandId });

  it('queues one command per chunk, in one go, each audited; sent again, the same commands and nothing more', async () => {
    seed();
    const b = board();
    const chunks = [chunk('s-a', 500), chunk('s-a', 3), chunk('s-b', 24)];
    const before = b.audited();
    const r = await b.climate({ source: '库房温湿度-11月.csv', chunks });
    expect(r).toMatchObject({ readings: 527, sites: 2 });
    expect(r.commands.map((c) => c.commandId)).toEqual(chunks.map((c) => c.commandId));
    const queued = b.outbox.unreflected();
    expect(queued.map((c) => [c.type, (c.payload as { siteId: string }).siteId, (c.payload as { readings: unknown[] }).readings.length])).toEqual([
      ['climate.record', 's-a', 500],
      ['climate.record', 's-a', 3],
      ['climate.record', 's-b', 24],
    ]);
    expect(b.audited() - before).toBe(3);
    // The board shows them at once (the overlay), before the central has them.
    const shownReadings = createBoardView(createReplicaReader(db), b.outbox.unreflected()).tx.where('climate_reading', 'site_id', 's-b');
    expect(shownReadings).toHaveLength(24);
    // The answer was lost; the officer confirms again: the same three commands.
    const again = await b.climate({ source: '库房温湿度-11月.csv', chunks });
    expect(again.commands.map((c) => c.commandId)).toEqual(chunks.map((c) => c.commandId));
    expect(b.outbox.unreflected()).toHaveLength(3);
  });

  it('refuses the whole file for one site the board does not know, or one reading from the future: nothing queued', async () => {
    seed();
    const b = board();
    const unknown = await refusal(b.climate({ source: 'x.csv', chunks: [chunk('s-a', 5), chunk('s-zz', 5)] }));
    expect(unknown.code).toBe('not_found');
    const future = { siteId: 's-b', commandId: crypto.randomUUID(), readings: [{ at: Date.now() + 86_400_000, tempC: 20, humidity: 40 }] };
    expect((await refusal(b.climate({ source: 'x.csv', chunks: [chunk('s-a', 5), future] }))).code).toBe('bad_request');
    expect(b.outbox.unreflected()).toEqual([]);
  });

  it('is refused to the wall and the auditor (assets.write), and past its size', async () => {
    seed();
    const b = board();
    for (const role of ['wall', 'auditor'] as const) expect((await refusal(b.climate({ source: 'x.csv', chunks: [chunk('s-a', 1)] }, b.as(role)))).code).toBe('forbidden');
    const tooMany = Array.from({ length: 31 }, () => chunk('s-a', 500));
    expect((await refusal(b.climate({ source: 'x.csv', chunks: tooMany }))).code).toBe('bad_request');
    expect(b.outbox.unreflected()).toEqual([]);
  });
});

describe('flight logs: cycles.check and cycles.import', () => {
  const BATTERY: AssetType = { id: 'bat-tb30', class: 'drone_battery', name: '电池TB30', nameEn: 'Battery TB30', serviceLifeMonths: null, ratedCycles: 400 };
  const battery = (id: string, cycles: number | null) => asset(id, null, { typeId: BATTERY.id, cycles });
  const seedBatteries = () => {
    seed();
    const access = createReplicaAccess(db);
    db.transaction(() => {
      access.put('asset_type', BATTERY);
      for (const b of [battery('t1', 100), battery('t2', null), battery('t3', 350)]) access.put('asset', b);
    })();
  };
  const day = (d: number) => NOW - (10 - d) * 86_400_000;
  const dayOf = (d: number) => localDay(day(d));
  const row = (n: number, battery: string, by: 'qr' | 'serial', d: number, cycles: number) => ({ row: n, battery, by, at: day(d), day: dayOf(d), cycles });

  it('matches each battery by its QR code or serial, one run per battery in time order, with its count before; changes nothing', async () => {
    seedBatteries();
    const b = board();
    const r = await b.cyclesCheck({
      rows: [row(2, 'JB-00T1', 'qr', 1, 110), row(3, 'S-t2', 'serial', 1, 4), row(4, 'S-t1', 'serial', 3, 118), row(5, 'JB-00T1', 'qr', 2, 114), row(6, 'S-t1', 'serial', 2, 114)],
    });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ batteries: 2, readings: 4, more: 0 });
    // t1 named by QR on some rows and by serial on others: one battery, its rows together, the repeated reading once.
    expect(r.chunks).toEqual([
      { assetId: 't1', qr: 'JB-00T1', typeId: 'bat-tb30', before: 100, readings: [{ at: day(1), cycles: 110 }, { at: day(2), cycles: 114 }, { at: day(3), cycles: 118 }], day: dayOf(3) },
      { assetId: 't2', qr: 'JB-00T2', typeId: 'bat-tb30', before: null, readings: [{ at: day(1), cycles: 4 }], day: dayOf(1) },
    ]);
    expect(r.types).toEqual([{ id: 'bat-tb30', class: 'drone_battery', name: '电池TB30', nameEn: 'Battery TB30' }]);
    expect(b.outbox.pendingCount()).toBe(0);
    expect(b.audited()).toBe(0);
  });

  it('names each row that matches nothing: not in the ledger, not a battery, a count that goes down across two codes; answers no runs', async () => {
    seedBatteries();
    const b = board();
    const r = await b.cyclesCheck({
      rows: [row(2, 'JB-00T1', 'qr', 1, 110), row(3, 'JB-9999', 'qr', 1, 5), row(4, 'S-a1', 'serial', 1, 5), row(5, 'S-t1', 'serial', 2, 90), row(6, 'S-t3', 'serial', 1, 360)],
    });
    expect(r.chunks).toEqual([]);
    expect(r.batteries).toBe(0);
    expect(r.problems.map((p) => p.row)).toEqual([3, 4, 5]);
    expect(r.problems[0]!.message).toContain('JB-9999 is not in the ledger');
    expect(r.problems[1]!.message).toContain('not a drone battery');
    expect(r.problems[2]!.message).toContain('goes down from 110 (row 2) to 90');
  });

  it('queues one asset.cycles command per battery, audited, shown at once; sent again, the same commands; an older log lowers nothing', async () => {
    seedBatteries();
    const b = board();
    const checked = await b.cyclesCheck({ rows: [row(2, 'JB-00T1', 'qr', 1, 110), row(3, 'JB-00T1', 'qr', 2, 114), row(4, 'JB-00T3', 'qr', 2, 340)] });
    const chunks = checked.chunks.map((c) => ({ assetId: c.assetId, readings: c.readings, day: c.day, commandId: crypto.randomUUID() }));
    const before = b.audited();
    const r = await b.cyclesImport({ source: 'M30飞行日志.csv', chunks });
    expect(r).toMatchObject({ readings: 3, batteries: 2 });
    expect(r.commands.map((c) => c.commandId)).toEqual(chunks.map((c) => c.commandId));
    expect(b.outbox.unreflected().map((c) => [c.type, (c.payload as { assetId: string }).assetId])).toEqual([
      ['asset.cycles', 't1'],
      ['asset.cycles', 't3'],
    ]);
    expect(b.audited() - before).toBe(2);
    // Shown at once: t1 counts 114 now; t3 keeps its 350 (the log's 340 is older than what the ledger holds).
    expect(b.shown('t1').cycles).toBe(114);
    expect(b.shown('t3').cycles).toBe(350);
    const again = await b.cyclesImport({ source: 'M30飞行日志.csv', chunks });
    expect(again.commands.map((c) => c.commandId)).toEqual(chunks.map((c) => c.commandId));
    expect(b.outbox.unreflected()).toHaveLength(2);
  });

  it('refuses the whole import for one run the rules refuse (not a battery, from the future): nothing queued; and to the wall and the auditor', async () => {
    seedBatteries();
    const b = board();
    const ok = { assetId: 't1', readings: [{ at: day(1), cycles: 111 }], commandId: crypto.randomUUID() };
    const notBattery = { assetId: 'a1', readings: [{ at: day(1), cycles: 1 }], commandId: crypto.randomUUID() };
    expect((await refusal(b.cyclesImport({ source: 'x.csv', chunks: [ok, notBattery] }))).params).toMatchObject({ code: 'not_a_battery', asset: 'a1' });
    const future = { assetId: 't2', readings: [{ at: NOW + 86_400_000, cycles: 1 }], commandId: crypto.randomUUID() };
    expect((await refusal(b.cyclesImport({ source: 'x.csv', chunks: [ok, future] }))).params).toMatchObject({ code: 'future_reading' });
    expect((await refusal(b.cyclesImport({ source: 'x.csv', chunks: [{ ...ok, assetId: 'zz' }] }))).code).toBe('not_found');
    for (const role of ['wall', 'auditor'] as const) {
      expect((await refusal(b.cyclesImport({ source: 'x.csv', chunks: [ok] }, b.as(role)))).code).toBe('forbidden');
      expect((await refusal(b.cyclesCheck({ rows: [row(2, 'JB-00T1', 'qr', 1, 110)] }, b.as(role)))).code).toBe('forbidden');
    }
    expect(b.outbox.unreflected()).toEqual([]);
    expect(b.shown('t1').cycles).toBe(100);
  });

  // Flights a day (flight-days.ts): rows of one battery and one day add up; each day counts once.
  const flight = (n: number, battery: string, by: 'qr' | 'serial', d: number, flights: number) => ({ row: n, battery, by, day: dayOf(d), flights });
  it('flights a day: one run per battery, its days in order (a day’s rows added up), the count after, and the days the ledger already holds', async () => {
    seedBatteries();
    const b = board();
    const r = await b.flightsCheck({ rows: [flight(2, 'JB-00T1', 'qr', 2, 1), flight(3, 'S-t1', 'serial', 1, 3), flight(4, 'JB-00T1', 'qr', 2, 2), flight(5, 'JB-00T2', 'qr', 1, 4)] });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ batteries: 2, days: 3, more: 0 });
    expect(r.chunks).toEqual([
      { assetId: 't1', qr: 'JB-00T1', typeId: 'bat-tb30', before: 100, after: 106, known: 0, covered: 0, days: [{ day: dayOf(1), flights: 3 }, { day: dayOf(2), flights: 3 }] },
      { assetId: 't2', qr: 'JB-00T2', typeId: 'bat-tb30', before: null, after: 4, known: 0, covered: 0, days: [{ day: dayOf(1), flights: 4 }] },
    ]);
    expect(b.outbox.pendingCount()).toBe(0);
    // More than 5 on one battery's day, across its rows; a row that is not a battery.
    const bad = await b.flightsCheck({ rows: [flight(2, 'JB-00T1', 'qr', 1, 3), flight(3, 'JB-00T1', 'qr', 1, 3), flight(4, 'S-a1', 'serial', 1, 1)] });
    expect(bad.chunks).toEqual([]);
    expect(bad.problems.map((p) => [p.row, p.message])).toEqual([
      [3, expect.stringContaining(`6 flights on ${dayOf(1)} (rows 2, 3)`)],
      [4, expect.stringContaining('not a drone battery')],
    ]);
  });

  it('flights a day: queued one asset.flights per battery, shown at once; the same log again is the same commands, a second export of it adds nothing', async () => {
    seedBatteries();
    const b = board();
    const file = [flight(2, 'JB-00T1', 'qr', 1, 3), flight(3, 'JB-00T1', 'qr', 2, 2), flight(4, 'JB-00T3', 'qr', 2, 1)];
    const checked = await b.flightsCheck({ rows: file });
    const chunks = checked.chunks.map((c) => ({ assetId: c.assetId, days: c.days, commandId: crypto.randomUUID() }));
    const before = b.audited();
    const r = await b.flightsImport({ source: 'M30架次.csv', chunks });
    expect(r).toMatchObject({ days: 3, batteries: 2 });
    expect(b.outbox.unreflected().map((c) => [c.type, (c.payload as { assetId: string }).assetId])).toEqual([
      ['asset.flights', 't1'],
      ['asset.flights', 't3'],
    ]);
    expect(b.audited() - before).toBe(2);
    expect([b.shown('t1').cycles, b.shown('t3').cycles]).toEqual([105, 351]);
    expect(b.days('t1')).toEqual([[dayOf(1), 3, null], [dayOf(2), 2, null]]);
    // Confirmed again after a lost answer: the same commands, nothing more queued.
    expect((await b.flightsImport({ source: 'M30架次.csv', chunks })).commands.map((c) => c.commandId)).toEqual(chunks.map((c) => c.commandId));
    expect(b.outbox.unreflected()).toHaveLength(2);
    // The same log exported again (new commands): every day known, the count unchanged.
    const again = await b.flightsCheck({ rows: file });
    expect(again.chunks.map((c) => [c.assetId, c.before, c.after, c.known])).toEqual([['t1', 105, 105, 2], ['t3', 351, 351, 1]]);
    await b.flightsImport({ source: 'M30架次-2.csv', chunks: again.chunks.map((c) => ({ assetId: c.assetId, days: c.days, commandId: crypto.randomUUID() })) });
    expect([b.shown('t1').cycles, b.shown('t3').cycles]).toEqual([105, 351]);
  });

  it('flights a day: a day still to come refuses the whole import; the wall and the auditor may not', async () => {
    seedBatteries();
    const b = board();
    const ok = { assetId: 't1', days: [{ day: dayOf(1), flights: 2 }], commandId: crypto.randomUUID() };
    const future = { assetId: 't2', days: [{ day: localDay(NOW + 3 * 86_400_000), flights: 1 }], commandId: crypto.randomUUID() };
    expect((await refusal(b.flightsImport({ source: 'x.csv', chunks: [ok, future] }))).params).toMatchObject({ code: 'future_reading', asset: 't2' });
    for (const role of ['wall', 'auditor'] as const) {
      expect((await refusal(b.flightsImport({ source: 'x.csv', chunks: [ok] }, b.as(role)))).code).toBe('forbidden');
      expect((await refusal(b.flightsCheck({ rows: [flight(2, 'JB-00T1', 'qr', 1, 1)] }, b.as(role)))).code).toBe('forbidden');
    }
    expect(b.outbox.unreflected()).toEqual([]);
    expect(b.shown('t1').cycles).toBe(100);
  });
});
