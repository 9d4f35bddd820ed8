/**
 * Alerts are the central's records: raised by its watcher on its clock (here a controlled
 * one, `central.duty.tick(at)`), acted on from any console, and seen the same on every
 * console. Two backends on one central: acknowledged on one, shown acknowledged on the
 * other; escalated there, shown here, in order; overdue escalation on the central's clock;
 * closing without a note refused before anything is queued; an act queued offline applied
 * once when the link returns.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer } from '../../../central/server';
import { centralFetch } from '../../../central/test-support';
import type { MethodResult } from '../../../shared/board-api';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend, type Backend } from '../backend';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();
const baseMapPath = DEMO_BASE_MAP;
const cleanups = centralSuite();

const H = 3600_000;
const scene = { lon: 11.9736, lat: 57.7089, label: '中央车站广场' };

async function stack() {
  const tmp = tempDir('jb-alerts-');
  cleanups.push(() => tmp.remove());
  // The watcher runs only when the test says, at the time the test gives.
  const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 200, simulate: false, dutyEveryMs: 0 });
  cleanups.push(() => central.close());
  const consoles: Backend[] = [];
  for (const name of ['a', 'b']) {
    const b = createBackend({ cacheKey, dbPath: join(tmp.dir, `cache-${name}.sqlite`), centralUrl: central.url, baseMapPath, demo: true, log: () => {}, pushBackoff: { initialDelay: 50, maxDelay: 300 } });
    cleanups.push(() => b.close());
    b.start();
    consoles.push(b);
  }
  for (const b of consoles) await waitFor(() => b.stats().link.state === 'connected' && b.stats().cursor > 0, 'synced');
  return { central, a: consoles[0]!, b: consoles[1]! };
}

const alerts = async (b: Backend) => ((await b.call('alert.list', {})) as MethodResult<'alert.list'>).alerts;
const alertOn = (b: Backend, id: string, ok: (a: MethodResult<'alert.list'>['alerts'][number]) => boolean, what: string) =>
  waitFor(async () => (await alerts(b)).find((a) => a.id === id && ok(a)), what, 15_000, 50);
const synced = (b: Backend, central: { head(): { cursor: number } }) => waitFor(() => b.stats().queueDepth === 0 && b.stats().cursor >= central.head().cursor, 'in step with the central');

describe('alerts as central records', () => {
  it('are raised on the central, acknowledged on one console and shown acknowledged on the other, escalated in order, overdue on the central clock', async () => {
    const { central, a, b } = await stack();
    const { requestId } = (await a.call('request.create', { destination: scene, items: [{ itemId: 'life-jacket', quantity: 5 }], priority: 'red', requester: '', note: '' })) as MethodResult<'request.create'>;
    await synced(a, central);
    const t0 = Date.now();
    const raised = central.duty.tick(t0);
    const id = `red_request:${requestId}`;
    expect(raised.filter((r) => r.kind === 'red_request').map((r) => r.id)).toEqual([id]);
    const red = raised.find((r) => r.id === id)!;
    expect([red.respondBy! - t0, red.closeBy! - t0]).toEqual([H, 5 * 24 * H]);
    // The same pass covers the stock: every line the demo city seeds below its safety level, yellow.
    const below = ((await a.call('stock.list', {})) as MethodResult<'stock.list'>).stock.filter((x) => x.safetyLevel > 0 && x.quantity < x.safetyLevel);
    expect(raised.filter((r) => r.kind === 'stock_low').map((r) => r.subject).sort()).toEqual(below.map((x) => `${x.siteId}/${x.itemId}`).sort());
    // Both consoles show the record (not a console's own signal), open, with its deadlines.
    for (const c of [a, b]) {
      const shown = await alertOn(c, id, (x) => !x.provisional, 'the record on both consoles');
      expect([shown.state, shown.respondBy, shown.owner]).toEqual(['open', t0 + H, null]);
    }
    await a.call('alert.acknowledge', { alertId: id });
    const onB = await alertOn(b, id, (x) => x.state === 'acknowledged', 'acknowledged, seen on b');
    expect(onB.acknowledged!.by).toBe('system');
    // Escalated on b to the supervisor, then to two departments: a sees both, in order.
    await b.call('alert.escalate', { alertId: id, to: ['supervisor'], note: '需要领导决定' });
    await b.call('alert.escalate', { alertId: id, to: ['装备科', '财务科'], note: '' });
    const onA = await alertOn(a, id, (x) => x.escalations.length === 2, 'two escalations, seen on a');
    expect(onA.escalations.map((e) => `${e.reason}>${e.to.join('+')}`)).toEqual(['manual>supervisor', 'manual>装备科+财务科']);
    // Answered in time: two hours later it is not overdue to answer; past five days it is overdue to close, escalated by the central.
    // (The request's own deadline passes too: that is another alert, deadline_missed.)
    const mineOnly = <R extends { id: string }>(w: R[]) => w.filter((r) => r.id === id);
    expect(mineOnly(central.duty.tick(t0 + 2 * H))).toEqual([]);
    const late = mineOnly(central.duty.tick(t0 + 5 * 24 * H + 60_000));
    expect(late.map((r) => [r.id, r.overdue.close, r.escalations.at(-1)!.reason])).toEqual([[id, t0 + 5 * 24 * H, 'overdue_close']]);
    for (const c of [a, b]) await alertOn(c, id, (x) => x.overdue.close === t0 + 5 * 24 * H, 'overdue on both');
    // Closing without a note: refused here, nothing queued.
    const depth = a.stats().queueDepth;
    await expect(a.call('alert.close', { alertId: id, note: '  ' })).rejects.toMatchObject({ code: 'note_required' });
    expect(a.stats().queueDepth).toBe(depth);
    await a.call('alert.close', { alertId: id, note: '物资已送达，现场处置完毕' });
    const closed = await alertOn(b, id, (x) => x.state === 'closed', 'closed, seen on b');
    // The overdue record stays on file after closing.
    expect([closed.closed!.note, closed.overdue.close]).toEqual(['物资已送达，现场处置完毕', t0 + 5 * 24 * H]);
  }, 90_000);

  it('escalates an unanswered alert to the supervisor once its hour is past', async () => {
    const { central, a, b } = await stack();
    // A day's deadline (routine, as agreed): only the red request's own alert within these two hours.
    const { requestId } = (await a.call('request.create', { destination: scene, items: [{ itemId: 'life-jacket', quantity: 5 }], priority: 'red', requester: '', note: '', deadlineMinutes: 1440 })) as MethodResult<'request.create'>;
    await synced(a, central);
    const t0 = Date.now();
    central.duty.tick(t0);
    expect(central.duty.tick(t0 + H)).toEqual([]);
    const due = central.duty.tick(t0 + H + 1);
    expect(due.map((r) => [r.overdue.respond, r.escalations.map((e) => `${e.by}:${e.reason}>${e.to.join()}`)])).toEqual([[t0 + H, ['system:overdue_respond>supervisor']]]);
    // Once: the next pass adds nothing.
    expect(central.duty.tick(t0 + H + 60_000)).toEqual([]);
    await alertOn(b, `red_request:${requestId}`, (x) => x.overdue.respond === t0 + H, 'overdue seen on b');
  }, 90_000);

  it('files a console-only signal when an officer acts on it offline, once, when the link returns', async () => {
    const { central, a, b } = await stack();
    const { requestId } = (await a.call('request.create', { destination: scene, items: [{ itemId: 'life-jacket', quantity: 5 }], priority: 'red', requester: '', note: '', deadlineMinutes: 3 })) as MethodResult<'request.create'>;
    // Not on file yet (no watcher pass): console a shows its own signals, provisional.
    const id = `deadline_risk:${requestId}`;
    const shown = await alertOn(a, id, (x) => x.provisional, 'a provisional deadline risk');
    expect(shown.signal?.id).toBe(id);
    await a.call('link.setCut', { cut: true });
    const cursorBefore = central.head().cursor;
    await a.call('alert.acknowledge', { alertId: id });
    // Shown acknowledged here at once (the queued act laid over), pending upload.
    const mine = await alertOn(a, id, (x) => x.state === 'acknowledged', 'acknowledged on a, queued');
    expect([mine.provisional, mine.pending]).toEqual([false, true]);
    await a.call('link.setCut', { cut: false });
    await synced(a, central);
    const onB = await alertOn(b, id, (x) => x.state === 'acknowledged' && !x.provisional, 'filed and acknowledged, seen on b');
    expect(onB.raisedBy).toBe('system');
    // Filed and acknowledged by the one queued command, once: one change to the record on the central.
    const log = (await (await centralFetch(`${central.url}/changes?since=${cursorBefore}&limit=500`)).json()) as { changes: { table: string; key: string; row: { state: string } }[] };
    expect(log.changes.filter((c) => c.table === 'alert' && c.key === id).map((c) => c.row.state)).toEqual(['acknowledged']);
  }, 90_000);
});

describe('a silent vehicle', () => {
  it('is raised where it was last seen once its tracker has been silent 10 minutes, and closes itself when it reports again', async () => {
    const { central, b } = await stack();
    const t0 = Date.now();
    const vehicle = ((await b.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).vehicles.find((v) => v.status === 'available')!;
    expect(central.simulator.mute(vehicle.id, t0 - 9 * 60_000)).toBe(true);
    const id = `vehicle_silent:${vehicle.id}`;
    expect(central.duty.tick(t0).filter((r) => r.id === id)).toEqual([]);
    const [raised] = central.duty.tick(t0 + 60_001).filter((r) => r.id === id);
    expect([raised!.level, raised!.label, raised!.place !== null]).toEqual(['yellow', vehicle.plate, true]);
    const shown = await alertOn(b, id, (x) => x.state === 'open', 'the silent vehicle on the console');
    expect(shown.place).toEqual(raised!.place);
    central.simulator.mute(vehicle.id, null);
    const [back] = central.duty.tick(t0 + 120_000).filter((r) => r.id === id);
    expect([back!.state, back!.closed?.by, back!.clearedAt]).toEqual(['closed', 'system', t0 + 120_000]);
  }, 60_000);
});

describe('request classes', () => {
  it('give each request its class deadline from the duty settings, and an agreed one for routine work; the settings changed, new requests follow', async () => {
    const { central, a } = await stack();
    const create = async (extra: Record<string, unknown>) => {
      const { requestId } = (await a.call('request.create', { destination: scene, items: [{ itemId: 'life-jacket', quantity: 1 }], priority: 'yellow', requester: '', note: '', ...extra })) as MethodResult<'request.create'>;
      const r = ((await a.call('request.list', {})) as MethodResult<'request.list'>).requests.find((x) => x.id === requestId)!;
      return [r.class, (r.deadlineAt - r.createdAt) / 60_000];
    };
    expect(await create({})).toEqual(['emergency', 30]);
    expect(await create({ class: 'public_help' })).toEqual(['public_help', 8]);
    expect(await create({ class: 'routine', deadlineMinutes: 180 })).toEqual(['routine', 180]);
    const { config } = (await a.call('duty.settings', {})) as MethodResult<'duty.settings'>;
    await a.call('duty.configure', { config: { ...config, classes: { ...config.classes, public_help: 10 } } });
    expect(await create({ class: 'public_help' })).toEqual(['public_help', 10]);
    // A deadline of zero minutes is refused by the settings' own check, and nothing changes.
    await expect(a.call('duty.configure', { config: { ...config, classes: { ...config.classes, emergency: 0 } } })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('at least one minute') });
    // Shifts with a gap: refused by the same check the central runs, naming the hour no shift covers.
    const gap = [{ id: 'day', name: '白班', start: '08:00', end: '20:00' }, { id: 'night', name: '夜班', start: '21:00', end: '08:00' }];
    await expect(a.call('duty.configure', { config: { ...config, shifts: gap } })).rejects.toMatchObject({ code: 'bad_settings', message: expect.stringContaining('20:00–21:00') });
    await synced(a, central);
    const seen = ((await a.call('duty.settings', {})) as MethodResult<'duty.settings'>).config;
    expect([seen.classes.public_help, seen.classes.emergency, seen.shifts.length]).toEqual([10, 30, 2]);
  }, 60_000);
});
