import type { AlertLevel } from '../alerts/levels';
import { higherLevel, levelRank, type Signal } from './alert-rules';
import type { AlertRecord, DutyConfig } from './schema';

/**
 * An alert's life as a central record, pure, on whatever clock the caller gives: raised
 * with the first responsible and its level's deadlines; acknowledged, escalated, closed with
 * a note; raised a level when its signal worsens (deadlines only ever tighten); marked overdue
 * and escalated on its own past each deadline (the marks stay on file); cleared when the
 * condition ends (green and yellow alerts nobody acted on close themselves then; orange and
 * red ones wait for an officer's note).
 */

const MIN = 60_000;
/** The escalation target for the supervisor on duty (值班领导); departments are named as configured. */
export const SUPERVISOR = 'supervisor';

export type Refusal = { ok: false; code: AlertRefusal; reason: string };
export type Outcome = { ok: true; alert: AlertRecord } | Refusal;
export const ALERT_REFUSALS = ['not_found', 'alert_closed', 'note_required', 'no_target'] as const;
export type AlertRefusal = (typeof ALERT_REFUSALS)[number];
const no = (code: AlertRefusal, reason: string): Refusal => ({ ok: false, code, reason });

const deadline = (at: number, min: number | null): number | null => (min === null ? null : at + min * MIN);
const earlier = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

export function raiseAlert(s: Signal, cfg: Pick<DutyConfig, 'levels'>, at: number, by: string, owner: string | null): AlertRecord {
  const lim = cfg.levels[s.level];
  return {
    id: s.id, kind: s.kind, level: s.level, subject: s.subject, label: s.label, place: s.place,
    raisedAt: at, raisedBy: by, owner,
    respondBy: deadline(at, lim.respondMin), closeBy: deadline(at, lim.closeMin),
    state: 'open', acknowledged: null, escalations: [], overdue: { respond: null, close: null }, clearedAt: null, closed: null,
  };
}

/** A worse level for an open alert: the level's deadlines from now, where sooner than the ones it has. */
export function raiseLevel(a: AlertRecord, level: AlertLevel, cfg: Pick<DutyConfig, 'levels'>, at: number): AlertRecord | null {
  if (a.state === 'closed' || levelRank(level) >= levelRank(a.level)) return null;
  const lim = cfg.levels[level];
  return {
    ...a, level: higherLevel(level, a.level),
    respondBy: a.acknowledged ? a.respondBy : earlier(a.respondBy, deadline(at, lim.respondMin)),
    closeBy: earlier(a.closeBy, deadline(at, lim.closeMin)),
  };
}

export function acknowledge(a: AlertRecord, at: number, by: string): Outcome {
  if (a.state === 'closed') return no('alert_closed', `alert ${a.id} is closed`);
  // Answered already (two officers at once, a retry, a console that had not seen it yet): the first answer stands, nothing changes.
  if (a.acknowledged) return { ok: true, alert: a };
  // Whoever answers an alert nobody owned yet becomes its first responsible.
  return { ok: true, alert: { ...a, state: 'acknowledged', acknowledged: { at, by }, owner: a.owner ?? by } };
}

export function escalate(a: AlertRecord, to: readonly string[], note: string, at: number, by: string): Outcome {
  if (a.state === 'closed') return no('alert_closed', `alert ${a.id} is closed`);
  const targets = [...new Set(to.map((t) => t.trim()).filter(Boolean))];
  if (targets.length === 0) return no('no_target', 'escalate to the supervisor or a named department');
  return { ok: true, alert: { ...a, escalations: [...a.escalations, { at, by, to: targets, reason: 'manual' as const, note: note.trim() }].slice(-50) } };
}

export function closeAlert(a: AlertRecord, note: string, at: number, by: string): Outcome {
  if (a.state === 'closed') return no('alert_closed', `alert ${a.id} is closed`);
  if (!note.trim()) return no('note_required', 'an alert is closed with a note saying what was done');
  // Closing late is still closing: the overdue mark, if any, stays.
  const overdue = a.closeBy !== null && at > a.closeBy && a.overdue.close === null ? { ...a.overdue, close: a.closeBy } : a.overdue;
  return { ok: true, alert: { ...a, state: 'closed', overdue, closed: { at, by, note: note.trim() } } };
}

/**
 * Past a deadline: the overdue mark (its time: the deadline) and an escalation to the
 * supervisor, once per deadline. null when nothing is due. An acknowledged alert is not
 * overdue to be answered; only a closed one is past being overdue to close.
 */
export function overdueStep(a: AlertRecord, at: number): AlertRecord | null {
  if (a.state === 'closed') return null;
  let next = a;
  if (a.respondBy !== null && at > a.respondBy && a.state === 'open' && a.overdue.respond === null) {
    next = { ...next, overdue: { ...next.overdue, respond: a.respondBy }, escalations: [...next.escalations, { at, by: 'system', to: [SUPERVISOR], reason: 'overdue_respond' as const, note: '' }].slice(-50) };
  }
  if (a.closeBy !== null && at > a.closeBy && a.overdue.close === null) {
    next = { ...next, overdue: { ...next.overdue, close: a.closeBy }, escalations: [...next.escalations, { at, by: 'system', to: [SUPERVISOR], reason: 'overdue_close' as const, note: '' }].slice(-50) };
  }
  return next === a ? null : next;
}

/**
 * The condition ended: marked (a closed alert too: the condition coming back then is a new
 * alert); a green or yellow alert nobody acted on closes itself.
 */
export function clearAlert(a: AlertRecord, at: number): AlertRecord | null {
  if (a.clearedAt !== null) return null;
  if (a.state === 'closed') return { ...a, clearedAt: at };
  const quiet = (a.level === 'green' || a.level === 'yellow') && a.state === 'open' && a.escalations.length === 0;
  return { ...a, clearedAt: at, ...(quiet ? { state: 'closed' as const, closed: { at, by: 'system', note: 'cleared' } } : {}) };
}

/** The condition an alert is about: its id without the recurrence suffix (`stock_low:s1/i1#2` → `stock_low:s1/i1`). */
export const signalIdOf = (alertId: string): string => alertId.split('#')[0]!;

/**
 * One pass of the rules against the records (the central's watcher): raise what is new,
 * worsen what got worse, clear what ended, mark and escalate what is overdue. Returns the
 * records to write, in a stable order. `records`: every alert not closed, and closed ones
 * not yet cleared (their condition may still be on). A condition that comes back after its
 * alert was closed and cleared is a new alert (`<id>#2`, `#3`, …); one still on after an
 * officer closed its alert raises nothing until it has ended once.
 */
export function reconcileAlerts(now: number, signals: readonly Signal[], records: readonly AlertRecord[], cfg: Pick<DutyConfig, 'levels'>, owner: string | null): AlertRecord[] {
  const latest = new Map<string, { record: AlertRecord; n: number }>();
  for (const r of records) {
    const sid = signalIdOf(r.id);
    const n = r.id === sid ? 1 : Number(r.id.slice(sid.length + 1)) || 1;
    const had = latest.get(sid);
    if (!had || n > had.n) latest.set(sid, { record: r, n });
  }
  const seen = new Set<string>();
  const out: AlertRecord[] = [];
  const raise = (s: Signal, id: string) => {
    const raised = raiseAlert({ ...s, id }, cfg, now, 'system', owner);
    out.push(overdueStep(raised, now) ?? raised);
  };
  for (const s of signals) {
    seen.add(s.id);
    const had = latest.get(s.id);
    if (!had) {
      raise(s, s.id);
      continue;
    }
    const r = had.record;
    if (r.state === 'closed') {
      if (r.clearedAt !== null) raise(s, `${s.id}#${had.n + 1}`);
      continue;
    }
    // On again after it seemed over (a console's signal filed before the central saw it): not cleared.
    const on = r.clearedAt !== null ? { ...r, clearedAt: null } : null;
    const worse = raiseLevel(on ?? r, s.level, cfg, now);
    const base = worse ?? on ?? r;
    const due = overdueStep(base, now);
    if (due ?? worse ?? on) out.push(due ?? base);
  }
  for (const { record: r } of latest.values()) {
    if (seen.has(signalIdOf(r.id))) continue;
    const cleared = clearAlert(r, now);
    const base = cleared ?? r;
    const due = overdueStep(base, now);
    if (due ?? cleared) out.push(due ?? base);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}
