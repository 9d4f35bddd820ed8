import { describe, expect, it } from 'vitest';
import type { DispatchOrder, SupplyRequest } from '../domain';
import { acknowledge, closeAlert, escalate, overdueStep, raiseAlert, reconcileAlerts, SUPERVISOR } from './alert-lifecycle';
import { evaluateSignals, type Signal, type SignalWorld } from './alert-rules';
import { DEFAULT_DUTY_CONFIG as CFG } from './defaults';
import type { AlertRecord } from './schema';

const T = 1_800_000_000_000;
const MIN = 60_000;
const H = 60 * MIN;
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const req = (n: number, o: Partial<SupplyRequest> = {}): SupplyRequest => ({
  id: U(n), destination: { lon: 114.05, lat: 22.54, label: `现场${n}` }, items: [{ itemId: 'x', quantity: 1 }], priority: 'yellow', requester: '', note: '',
  createdAt: T - 10 * MIN, deadlineAt: T + 20 * MIN, status: 'dispatched', deliveredAt: null, class: 'emergency', ...o,
});
const disp = (n: number, requestId: string, predictedArrivalAt: number): DispatchOrder => ({
  id: U(100 + n), requestId, vehicleId: 'v', pickups: [{ siteId: 's', itemId: 'x', quantity: 1 }], siteIds: ['s'], predictedArrivalAt, status: 'enroute', createdAt: T, pickedUpAt: null, deliveredAt: null,
});
const world = (o: Partial<SignalWorld> = {}): SignalWorld => ({ requests: [], dispatches: [], ...o });
const kinds = (s: Signal[]) => s.map((x) => `${x.kind}:${x.level}`);

describe('alert rules (signals)', () => {
  it.each<[string, Partial<SignalWorld>, string[]]>([
    ['on time, far from the deadline: nothing', { requests: [req(1)], dispatches: [disp(1, U(1), T + 10 * MIN)] }, []],
    ['predicted late: red risk', { requests: [req(1)], dispatches: [disp(1, U(1), T + 25 * MIN)] }, ['deadline_risk:red']],
    ['within 5 minutes of the deadline: the rule level (orange)', { requests: [req(1, { deadlineAt: T + 4 * MIN })] }, ['deadline_risk:orange']],
    ['past the deadline: red missed', { requests: [req(1, { deadlineAt: T - MIN })] }, ['deadline_missed:red']],
    ['red priority in progress: red', { requests: [req(1, { priority: 'red' })] }, ['red_request:red']],
    ['delivered: nothing', { requests: [req(1, { priority: 'red', status: 'delivered', deadlineAt: T - MIN })] }, []],
    ['a vehicle silent 10 minutes: yellow', { vehicles: [{ id: 'v1', plate: '粤B1', lastReportAt: T - 10 * MIN, place: null }] }, ['vehicle_silent:yellow']],
    ['a vehicle silent 9 minutes: nothing', { vehicles: [{ id: 'v1', plate: '粤B1', lastReportAt: T - 9 * MIN, place: null }] }, []],
    ['the link down 5 minutes: orange', { linkDownSince: T - 5 * MIN }, ['link_down:orange']],
    ['the link down 4 minutes: nothing', { linkDownSince: T - 4 * MIN }, []],
    ['stock below safety: yellow; none left: orange', { stock: [{ siteId: 's1', itemId: 'a', label: '', quantity: 3, safetyLevel: 5, place: null }, { siteId: 's2', itemId: 'a', label: '', quantity: 0, safetyLevel: 5, place: null }] }, ['stock_low:orange', 'stock_low:yellow']],
    ['stock at its safety level: nothing', { stock: [{ siteId: 's1', itemId: 'a', label: '', quantity: 5, safetyLevel: 5, place: null }] }, []],
    ['readiness 97% under a 98% target: orange; nothing in service: nothing', { readiness: [{ key: 'radio', label: '', rate: 0.97, inService: 100 }, { key: 'drone', label: '', rate: null, inService: 0 }] }, ['readiness_low:orange']],
    ['batteries reach the red line in 30 days: yellow; 31: nothing', { battery: { crossesInDays: 30, label: '' } }, ['battery_red_line:yellow']],
    ['batteries past the red line: orange', { battery: { crossesInDays: 0, label: '' } }, ['battery_red_line:orange']],
  ])('%s', (_n, w, want) => {
    expect(kinds(evaluateSignals(T, world(w), CFG))).toEqual(want);
  });
  it('a rule switched off raises nothing; a threshold is read from the rule', () => {
    const off = { ...CFG.rules, vehicle_silent: { ...CFG.rules.vehicle_silent, enabled: false } };
    expect(evaluateSignals(T, world({ vehicles: [{ id: 'v1', plate: 'p', lastReportAt: T - H, place: null }] }), { rules: off })).toEqual([]);
    const tight = { ...CFG.rules, link_down: { ...CFG.rules.link_down, threshold: 1 } };
    expect(kinds(evaluateSignals(T, world({ linkDownSince: T - MIN }), { rules: tight }))).toEqual(['link_down:orange']);
  });
  it('orders most severe first, then oldest, with stable ids', () => {
    const s = evaluateSignals(T, world({ requests: [req(1, { deadlineAt: T + 4 * MIN }), req(2, { priority: 'red' })], vehicles: [{ id: 'v1', plate: 'p', lastReportAt: T - H, place: null }] }), CFG);
    expect(s.map((x) => x.id)).toEqual([`red_request:${U(2)}`, `deadline_risk:${U(1)}`, 'vehicle_silent:v1']);
  });
});

const sig = (o: Partial<Signal> = {}): Signal => ({ id: 'red_request:r1', kind: 'red_request', level: 'red', subject: 'r1', label: '现场', place: null, since: T, ...o });

describe('an alert on a controlled clock', () => {
  it('is raised with the level deadlines and the officer on duty as owner', () => {
    const a = raiseAlert(sig(), CFG, T, 'system', 'duty1');
    expect([a.owner, a.respondBy! - T, a.closeBy! - T, a.state]).toEqual(['duty1', H, 5 * 24 * H, 'open']);
    const y = raiseAlert(sig({ level: 'yellow' }), CFG, T, 'system', null);
    expect([y.respondBy! - T, y.closeBy! - T]).toEqual([4 * H, 24 * H]);
  });
  it.each<[string, number, string[], [number | null, number | null]]>([
    ['59 min: nothing due', 59 * MIN, [], [null, null]],
    ['61 min unanswered: overdue to answer, escalated to the supervisor', 61 * MIN, ['overdue_respond'], [T + H, null]],
    ['5 days and a minute: overdue to close too', 5 * 24 * H + MIN, ['overdue_respond', 'overdue_close'], [T + H, T + 5 * 24 * H]],
  ])('unanswered red at %s', (_n, after, reasons, marks) => {
    const a = raiseAlert(sig(), CFG, T, 'system', 'duty1');
    const next = overdueStep(a, T + after) ?? a;
    expect(next.escalations.map((e) => e.reason)).toEqual(reasons);
    expect(next.escalations.every((e) => e.to.join() === SUPERVISOR)).toBe(true);
    expect([next.overdue.respond, next.overdue.close]).toEqual(marks);
    // Once per deadline: a second pass adds nothing.
    expect(overdueStep(next, T + after + MIN)).toBeNull();
  });
  it('an acknowledged alert is not overdue to answer, and the overdue record stays after closing', () => {
    const a = raiseAlert(sig(), CFG, T, 'system', null);
    const ack = acknowledge(a, T + 30 * MIN, 'duty2');
    if (!ack.ok) throw new Error(ack.reason);
    expect([ack.alert.owner, ack.alert.state]).toEqual(['duty2', 'acknowledged']);
    expect(overdueStep(ack.alert, T + 2 * H)).toBeNull();
    const late = overdueStep(raiseAlert(sig(), CFG, T, 'system', null), T + 2 * H)!;
    const closed = closeAlert(late, '已处置', T + 3 * H, 'duty1');
    if (!closed.ok) throw new Error(closed.reason);
    expect([closed.alert.state, closed.alert.overdue.respond, closed.alert.closed?.note]).toEqual(['closed', T + H, '已处置']);
  });
  it.each<[string, (a: AlertRecord) => ReturnType<typeof closeAlert>, string]>([
    ['closing without a note', (a) => closeAlert(a, '   ', T, 'd'), 'note_required'],
    ['escalating to nobody', (a) => escalate(a, [' '], '', T, 'd'), 'no_target'],
    ['acting on a closed alert', (a) => acknowledge((closeAlert(a, 'done', T, 'd') as { alert: AlertRecord }).alert, T, 'e'), 'alert_closed'],
  ])('refuses %s', (_n, act, code) => {
    const r = act(raiseAlert(sig(), CFG, T, 'system', null));
    expect(r.ok ? 'applied' : r.code).toBe(code);
  });
  it('keeps the first acknowledgement when a second officer acknowledges too (no refusal, no change)', () => {
    const first = (acknowledge(raiseAlert(sig(), CFG, T, 'system', null), T + MIN, 'd') as { alert: AlertRecord }).alert;
    const again = acknowledge(first, T + 2 * MIN, 'e');
    expect(again.ok && again.alert).toBe(first);
  });
  it('escalates by hand to the supervisor and named departments, in order', () => {
    const a = raiseAlert(sig(), CFG, T, 'system', null);
    const one = escalate(a, [SUPERVISOR], '需要领导决定', T + MIN, 'duty1') as { alert: AlertRecord };
    const two = escalate(one.alert, ['装备科', '财务科', '装备科'], '', T + 2 * MIN, 'sup1') as { alert: AlertRecord };
    expect(two.alert.escalations.map((e) => `${e.by}>${e.to.join('+')}`)).toEqual(['duty1>supervisor', 'sup1>装备科+财务科']);
  });
});

describe('the watcher pass (reconcile)', () => {
  it('raises, worsens, marks overdue, clears; a cleared yellow nobody touched closes itself, a red waits for a note', () => {
    let records: AlertRecord[] = [];
    const pass = (at: number, signals: Signal[]) => {
      const written = reconcileAlerts(at, signals, records, CFG, 'duty1');
      const byId = new Map(records.map((r) => [r.id, r]));
      for (const w of written) byId.set(w.id, w);
      records = [...byId.values()];
      return written.map((w) => w.id);
    };
    const yellow = sig({ id: 'stock_low:s/a', kind: 'stock_low', level: 'yellow', subject: 's/a' });
    expect(pass(T, [sig({ level: 'orange', id: 'deadline_risk:r1', kind: 'deadline_risk' }), yellow])).toEqual(['deadline_risk:r1', 'stock_low:s/a']);
    // Nothing changed: nothing written.
    expect(pass(T + MIN, [sig({ level: 'orange', id: 'deadline_risk:r1', kind: 'deadline_risk' }), yellow])).toEqual([]);
    // The risk turns red: its level and tighter deadlines, written once.
    expect(pass(T + 2 * MIN, [sig({ level: 'red', id: 'deadline_risk:r1', kind: 'deadline_risk' }), yellow])).toEqual(['deadline_risk:r1']);
    expect(records.find((r) => r.id === 'deadline_risk:r1')!.level).toBe('red');
    // Both end: the yellow closes itself, the red is marked cleared and stays open.
    expect(pass(T + 3 * MIN, [])).toEqual(['deadline_risk:r1', 'stock_low:s/a']);
    expect(records.map((r) => `${r.id}:${r.state}:${r.clearedAt !== null}`)).toEqual(['deadline_risk:r1:open:true', 'stock_low:s/a:closed:true']);
    // Unanswered past its hour: overdue and escalated even though cleared.
    expect(pass(T + 2 * MIN + H + MIN, [])).toEqual(['deadline_risk:r1']);
    expect(records[0]!.escalations.map((e) => e.reason)).toEqual(['overdue_respond']);
    // The stock runs low again: a new alert, not the closed one reopened.
    expect(pass(T + 2 * H, [yellow])).toEqual(['stock_low:s/a#2']);
  });
  it('raises nothing again for a condition still on after an officer closed its alert', () => {
    const open = raiseAlert(sig(), CFG, T, 'system', null);
    const closed = (closeAlert(open, '已处置', T + MIN, 'd') as { alert: AlertRecord }).alert;
    expect(reconcileAlerts(T + 2 * MIN, [sig()], [closed], CFG, null)).toEqual([]);
  });
});
