import { randomUUID } from 'node:crypto';
import { BoardError, type BoardErrorCode, type Outage } from '../../../shared/board-api';
import { checkDutyConfig } from '../../../shared/duty/config-check';
import { dutyConfigOf } from '../../../shared/duty/commands/alert-act';
import type { dutyMethods } from '../../../shared/duty/api';
import { draftHandover, handoverContentHash, type HandoverInput } from '../../../shared/duty/handover';
import { reportFigures } from '../../../shared/duty/reports';
import { handoverIdOf, unitOfHandover, type AlertRecord, type Drill, type Handover } from '../../../shared/duty/schema';
import { nextShift, previousShift, shiftAt, shiftById, type ShiftInstance } from '../../../shared/duty/shifts';
import { tableDecl, type RowOf } from '../../../shared/replica/registry';
import { DUTY_CONFIG_KEY } from '../../../shared/duty/tables';
import { commandModule, type CommandType, type PayloadOf } from '../../../shared/commands/registry';
import { ack, type CommandIssuer } from '../commands/issue';
import type { Db } from '../store/database';
import type { Outbox } from '../store/outbox';
import type { ReplicaReader } from '../store/replica';
import { createBoardView } from '../store/view';
import type { HandlersOf } from '../board/handler-types';

const REFUSAL: Record<string, BoardErrorCode> = {
  bad_settings: 'bad_settings', already_signed: 'already_signed', already_taken_over: 'already_taken_over', same_person: 'same_person',
  changed_after_signature: 'changed_after_signature', not_found: 'not_found', bad_shift: 'bad_request', hash_mismatch: 'bad_request',
};
const OUT_STATES = ['in_repair', 'missing'];

/**
 * The duty shift on a console: the settings (rules, time limits, classes, shifts), the shift
 * now, the handover drafted from the shift's data (shared/duty/handover.ts), signed out and
 * taken over as commands (audited, queued offline, applied once), and the handovers on file.
 */
export function createDutyHandlers(d: {
  db: Db;
  replica: ReplicaReader;
  outbox: Outbox;
  commands: CommandIssuer;
  /** This console's link outages (the last week). */
  outages: () => Outage[];
  etaOf: (dispatchId: string) => number | undefined;
  /** What a link-failure drill does to this console: cut its link, count what waits, reconcile once back. */
  drill: {
    workstation: string;
    cut(on: boolean): void;
    queueDepth(): number;
    conflicts(): number;
    /** Resolves true once nothing waits to be sent and the cache caught up, false after `ms`. */
    drained(ms: number): Promise<boolean>;
    reconcile(): Promise<{ result: 'match' | 'resynced' | 'skipped' }[]>;
  };
  /** The console's unit below the city (its officers hand over their own shift), null for the city's. */
  unit?: () => string | null;
  now?: () => number;
}): HandlersOf<typeof dutyMethods> {
  const unitNow = () => d.unit?.() ?? null;
  /** The names of the units below the city these handovers are of (undefined: none is). */
  const namesOf = (list: readonly (Handover | null)[]): Record<string, { name: string; nameEn: string }> | undefined => {
    const units: Record<string, { name: string; nameEn: string }> = {};
    for (const h of list) {
      const id = h ? unitOfHandover(h.id) : null;
      const u = id === null ? undefined : d.replica.get('unit', id);
      if (u) units[u.id] = { name: u.name, nameEn: u.nameEn };
    }
    return Object.keys(units).length > 0 ? units : undefined;
  };
  const now = d.now ?? Date.now;
  const view = () => createBoardView(d.replica, d.outbox.unreflected());
  const alertsOf = d.db.prepare<[number, number], { row: string }>('SELECT row FROM alert WHERE active = 1 OR (raised_at >= ? AND raised_at < ?)');
  const assetsOut = d.db.prepare<[], { type_id: string; n: number }>(`SELECT type_id, COUNT(*) AS n FROM asset WHERE state IN (${OUT_STATES.map(() => '?').join(',')}) GROUP BY type_id`);

  const check = <T extends CommandType>(type: T, payload: PayloadOf<T>, by: string): void => {
    const r = commandModule(type).apply(view().tx, payload as never, { at: now(), by });
    if (!r.ok) throw new BoardError(REFUSAL[r.code] ?? 'bad_request', r.reason, { code: r.code });
  };
  const again = (commandId: string | undefined, type: CommandType) => {
    const prior = d.commands.prior(commandId);
    return prior && prior.type === type ? prior : null;
  };
  const shiftOf = (shiftId: string | undefined, cfg: ReturnType<typeof dutyConfigOf>): ShiftInstance => {
    if (!shiftId) return shiftAt(now(), cfg);
    const s = shiftById(shiftId, cfg);
    if (!s) throw new BoardError('shift_not_found', `no shift ${shiftId} in the shifts in force`, { shift: shiftId });
    return s;
  };

  function draftInput(shift: ShiftInstance, lang: 'zh-CN' | 'en'): HandoverInput {
    const v = view();
    const cfg = dutyConfigOf(v.tx);
    const at = Math.min(now(), shift.end);
    const requests = v.requests(shift.start).filter((r) => r.createdAt < shift.end);
    const ids = new Set(requests.map((r) => r.id));
    const dispatches = v.dispatches().filter((x) => ids.has(x.requestId));
    const alerts = alertsOf.all(shift.start, shift.end).map(({ row }) => JSON.parse(row) as AlertRecord).map((a) => v.tx.get('alert', a.id) ?? a);
    const overlaps = (from: number, to: number | null) => from < shift.end && (to ?? Infinity) > shift.start;
    const drills = d.replica.all('drill').filter((x: Drill) => overlaps(x.startedAt, x.endedAt));
    const en = lang === 'en';
    const items = Object.fromEntries(d.replica.items().map((i) => [i.id, en ? i.nameEn : i.name]));
    const sites = new Map(v.sites().map((s) => [s.id, en ? s.nameEn : s.name]));
    const vehicles = v.vehicles();
    const types = new Map(d.replica.all('asset_type').map((t) => [t.id, en ? t.nameEn : t.name]));
    const figures = reportFigures({ from: shift.start, to: shift.end }, { requests: v.requests(shift.start), dispatches: v.dispatches() }, cfg);
    const unitId = unitNow();
    const unit = unitId === null ? undefined : d.replica.get('unit', unitId);
    return {
      shift: { id: shift.id, name: shift.name, team: shift.team, start: shift.start, end: shift.end },
      ...(unit ? { unit: en ? unit.nameEn : unit.name } : {}),
      now: at,
      timeZone: cfg.timeZone,
      requests,
      dispatches,
      alerts,
      outages: d.outages().filter((o) => overlaps(o.startedAt, o.endedAt)).map((o) => ({ from: o.startedAt, to: o.endedAt, queued: o.commandsQueued })),
      drills,
      vehiclesOut: vehicles.filter((x) => x.status === 'maintenance' || x.status === 'offline').map((x) => ({ id: x.id, plate: x.plate, status: x.status })),
      assetsOut: assetsOut.all(...(OUT_STATES as never as [])).map((g) => ({ typeName: types.get(g.type_id) ?? g.type_id, count: g.n })),
      stockBelowSafety: v
        .stock()
        .filter((s) => s.safetyLevel > 0 && s.quantity < s.safetyLevel)
        .map((s) => ({ site: sites.get(s.siteId) ?? s.siteId, item: items[s.itemId] ?? s.itemId, quantity: s.quantity, safetyLevel: s.safetyLevel })),
      figures: { dispatches: figures.dispatches, delivered: figures.delivered, avgS: figures.avgRequestToArrivalS, p90S: figures.p90RequestToArrivalS, onTimeShare: figures.onTimeShare },
      names: { items, vehicles: Object.fromEntries(vehicles.map((x) => [x.id, x.plate])) },
    };
  }

  /** A small table's rows as the board shows them: the mirror with queued commands laid over, new rows included. */
  const shown = <N extends 'handover' | 'drill'>(table: N): RowOf<N>[] => {
    const v = view();
    const key = tableDecl(table).key;
    const byId = new Map(d.replica.all(table).map((r) => [key(r), v.tx.get(table, key(r)) ?? r]));
    for (const id of v.touched(table)) {
      const r = v.tx.get(table, id);
      if (r) byId.set(id, r);
    }
    return [...byId.values()];
  };
  const handovers = (): Handover[] => shown('handover').sort((a, b) => b.shiftStart - a.shiftStart);
  const runningHere = (drills: readonly Drill[]) => drills.find((x) => x.result === 'running' && x.workstation === d.drill.workstation) ?? null;

  return {
    'duty.settings': () => {
      const v = view();
      const row = v.tx.get('duty_config', DUTY_CONFIG_KEY);
      const config = dutyConfigOf(v.tx);
      return { config, changedAt: row?.changedAt ?? null, changedBy: row?.changedBy ?? null, shift: shiftAt(now(), config) };
    },
    'duty.configure': (ctx, { config, commandId }) => {
      const prior = again(commandId, 'duty.configure');
      if (prior) return ack(prior);
      const c = checkDutyConfig(config);
      if (!c.ok) throw new BoardError('bad_settings', c.problems.map((p) => `${p.path}: ${p.message}`).join('; '), { code: c.problems[0]!.code, path: c.problems[0]!.path });
      return ack(d.commands.issue(ctx, 'duty.configure', { config: c.config }, commandId));
    },
    'handover.draft': (ctx, { shiftId, lang }) => {
      const cfg = dutyConfigOf(view().tx);
      const shift = shiftOf(shiftId, cfg);
      const all = handovers();
      const unit = unitNow();
      const record = all.find((h) => h.id === handoverIdOf(shift.id, unit)) ?? null;
      const draft = draftHandover(draftInput(shift, lang), lang);
      // What waits for the caller to take over: his unit's shift, handed over by someone else (one's
      // own is not one's to take; a unit below, whose handovers this console sees, takes over its own).
      const me = d.commands.actorOf(ctx).username;
      const toTakeOver = all.find((h) => h.incoming === null && h.outgoing.username !== me && unitOfHandover(h.id) === unit) ?? null;
      const units = namesOf([record, toTakeOver]);
      return { shift, previous: previousShift(shift, cfg), next: nextShift(shift, cfg), record, draft, toTakeOver, ...(units ? { units } : {}) };
    },
    'handover.list': (_ctx, { from, to, officer, text, limit }) => {
      const o = officer?.trim().toLowerCase();
      const q = text?.trim().toLowerCase();
      const who = (h: Handover) => [h.outgoing.username, h.outgoing.displayName, h.incoming?.username ?? '', h.incoming?.displayName ?? ''].join(' ').toLowerCase();
      const list = handovers().filter(
        (h) => (from === undefined || h.shiftEnd > from) && (to === undefined || h.shiftStart < to) && (!o || who(h).includes(o)) && (!q || `${h.draft}\n${h.notes}`.toLowerCase().includes(q)),
      );
      const shownList = list.slice(0, limit ?? 100);
      const units = namesOf(shownList);
      return { handovers: shownList, ...(units ? { units } : {}) };
    },
    'handover.sign': (ctx, { shiftId, draft, notes, commandId }) => {
      const prior = again(commandId, 'handover.sign');
      if (prior) {
        const h = (prior.payload as PayloadOf<'handover.sign'>).handover;
        return { ...ack(prior), handoverId: h.id, contentHash: h.contentHash };
      }
      const shift = shiftOf(shiftId, dutyConfigOf(view().tx));
      const contentHash = handoverContentHash(draft, notes);
      const unit = unitNow();
      const id = handoverIdOf(shift.id, unit);
      const handover = { id, shiftStart: shift.start, shiftEnd: shift.end, shiftName: shift.name, team: shift.team, draft, notes, contentHash, ...(unit !== null ? { unitId: unit } : {}) };
      check('handover.sign', { handover }, 'check');
      return { ...ack(d.commands.issue(ctx, 'handover.sign', { handover }, commandId)), handoverId: id, contentHash };
    },
    'drill.list': () => {
      const since = now() - 90 * 24 * 3600_000;
      const drills = shown('drill').filter((x) => x.startedAt >= since || x.result === 'running').sort((a, b) => b.startedAt - a.startedAt);
      return { drills: drills.slice(0, 1000), running: runningHere(drills) };
    },
    'drill.start': (ctx, { note, commandId }) => {
      const prior = again(commandId, 'drill.start');
      if (prior) return { ...ack(prior), drillId: (prior.payload as PayloadOf<'drill.start'>).drill.id };
      if (runningHere(shown('drill'))) throw new BoardError('drill_running', 'a drill is running on this console');
      const drill = { id: randomUUID(), startedAt: now(), workstation: d.drill.workstation, note };
      const cmd = d.commands.issue(ctx, 'drill.start', { drill }, commandId);
      // The cut comes after the start is queued: the record travels with the queue it starts.
      d.drill.cut(true);
      return { ...ack(cmd), drillId: drill.id };
    },
    'drill.finish': async (ctx, { drillId }) => {
      const drill = view().tx.get('drill', drillId);
      if (!drill) throw new BoardError('not_found', `no drill ${drillId}`);
      if (drill.result !== 'running') throw new BoardError('drill_finished', `drill ${drillId} has ended`);
      // What the officers queued while cut off (the drill's own start among it).
      const queued = d.drill.queueDepth();
      d.drill.cut(false);
      const drained = await d.drill.drained(60_000);
      const tables = drained ? await d.drill.reconcile() : [];
      const clean = drained && d.drill.conflicts() === 0 && tables.every((t) => t.result !== 'skipped');
      const result = !drained ? 'aborted' : clean ? 'reconciled' : 'conflicts';
      const cmd = d.commands.issue(ctx, 'drill.finish', { drillId, endedAt: now(), queued, result });
      return { result, queued, commandId: cmd.id };
    },
    'handover.takeOver': (ctx, { handoverId, contentHash, commandId }) => {
      const prior = again(commandId, 'handover.takeOver');
      if (prior) return ack(prior);
      const payload = { handoverId, contentHash };
      check('handover.takeOver', payload, d.commands.actorOf(ctx).username);
      return ack(d.commands.issue(ctx, 'handover.takeOver', payload, commandId));
    },
  };
}
