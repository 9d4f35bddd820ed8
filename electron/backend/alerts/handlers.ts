import { BoardError, type BoardErrorCode } from '../../../shared/board-api';
import type { AlertView, alertsMethods } from '../../../shared/alerts/api';
import { raiseAlert, signalIdOf } from '../../../shared/duty/alert-lifecycle';
import { evaluateSignals, higherLevel, levelRank, type Signal } from '../../../shared/duty/alert-rules';
import { dutyConfigOf } from '../../../shared/duty/commands/alert-act';
import type { AlertRecord } from '../../../shared/duty/schema';
import { commandModule, type CommandType, type PayloadOf } from '../../../shared/commands/registry';
import { ack, type CommandIssuer } from '../commands/issue';
import type { Db } from '../store/database';
import type { Outbox } from '../store/outbox';
import type { ReplicaReader } from '../store/replica';
import { commandTarget, createBoardView } from '../store/view';
import type { HandlersOf } from '../board/handler-types';

const DAY_MS = 24 * 3600_000;
const DEADLINE_KINDS = new Set(['deadline_risk', 'deadline_missed', 'red_request']);
/** The signals a console evaluates itself: what it sees before the central (live arrivals) or alone (its link). */
const CONSOLE_KINDS = new Set(['deadline_risk', 'deadline_missed', 'red_request', 'link_down']);
const REFUSAL: Record<string, BoardErrorCode> = {
  not_found: 'not_found', alert_closed: 'alert_closed', note_required: 'note_required', no_target: 'no_target',
};

/**
 * Alerts on a console: the central's records (raised, escalated and marked overdue by its
 * watcher; acknowledged, escalated and closed by officers anywhere) with this console's queued
 * acts laid over, plus what only this console sees yet (provisional). Every act is a command:
 * queued offline, applied once on the central, shown on every console and the wall.
 */
export function createAlertsHandlers(d: {
  db: Db;
  replica: ReplicaReader;
  outbox: Outbox;
  commands: CommandIssuer;
  /** Live arrival predictions by dispatch order (dispatch/handlers.ts). */
  etaOf: (dispatchId: string) => number | undefined;
  /** Since when this console's link to the central is down (null: up). */
  linkDownSince: () => number | null;
  changed: () => void;
  now?: () => number;
}): HandlersOf<typeof alertsMethods> {
  const now = d.now ?? Date.now;
  const followed = d.db.prepare<[number], { row: string }>('SELECT row FROM alert WHERE active = 1 OR raised_at >= ?');
  const view = () => createBoardView(d.replica, d.outbox.unreflected());

  function current(closedSince: number) {
    const at = now();
    const v = view();
    const config = dutyConfigOf(v.tx);
    const records = new Map<string, AlertRecord>();
    for (const { row } of followed.all(closedSince)) {
      const r = JSON.parse(row) as AlertRecord;
      records.set(r.id, v.tx.get('alert', r.id) ?? r);
    }
    // Alerts filed by acts still queued here (a provisional one acknowledged offline).
    for (const id of v.touched('alert')) {
      const r = v.tx.get('alert', id);
      if (r) records.set(id, r);
    }
    const requests = v.requests(at - DAY_MS);
    const dispatches = v.dispatches();
    const signals = evaluateSignals(at, { requests, dispatches, etaOf: d.etaOf, linkDownSince: d.linkDownSince() }, config).filter((s) => CONSOLE_KINDS.has(s.kind));
    const pending = new Set(d.outbox.unreflected().map((e) => commandTarget(e)));
    const reqById = new Map(requests.map((r) => [r.id, r]));
    const predicted = (requestId: string): number | null => {
      const mine = dispatches.filter((x) => x.requestId === requestId && x.status === 'enroute');
      return mine.length ? Math.max(...mine.map((x) => d.etaOf(x.id) ?? x.predictedArrivalAt)) : null;
    };
    const requestOf = (a: Pick<AlertRecord, 'kind' | 'subject'>) => {
      const r = DEADLINE_KINDS.has(a.kind) ? reqById.get(a.subject) : undefined;
      return r ? { id: r.id, deadlineAt: r.deadlineAt, predictedArrivalAt: predicted(r.id) } : null;
    };
    const bySignal = new Map(signals.map((s) => [s.id, s]));
    const out: AlertView[] = [...records.values()].map((r) => {
      // The central files a worse level on its next pass; this console shows it at once.
      const s = bySignal.get(r.id);
      const level = s && r.state !== 'closed' ? higherLevel(s.level, r.level) : r.level;
      return { ...r, level, provisional: false, pending: pending.has(`alert:${r.id}`), request: requestOf(r), signal: null };
    });
    // A signal on file under any of its records (`<id>`, `<id>#2`, …) is not provisional.
    const onFile = new Set([...records.keys()].map(signalIdOf));
    for (const s of signals) {
      if (onFile.has(s.id)) continue;
      out.push({ ...raiseAlert(s, config, at, 'console', null), raisedAt: s.since, provisional: true, pending: false, request: requestOf(s), signal: s });
    }
    const open = (a: AlertView) => (a.state === 'closed' ? 1 : 0);
    out.sort((a, b) => open(a) - open(b) || levelRank(a.level) - levelRank(b.level) || a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : 1));
    return { alerts: out.slice(0, 5000), config, at, signals: bySignal };
  }

  /** The act's payload for an alert on file, or the signal it files; refused (by the same rules) before anything is queued. */
  function act<T extends 'alert.acknowledge' | 'alert.escalate' | 'alert.close'>(type: T, alertId: string, rest: Omit<PayloadOf<T>, 'alertId' | 'signal'>): PayloadOf<T> {
    const c = current(now() - DAY_MS);
    const shown = c.alerts.find((a) => a.id === alertId);
    if (!shown) throw new BoardError('not_found', `no alert ${alertId}`);
    const payload = { alertId, ...rest, ...(shown.provisional && shown.signal ? { signal: shown.signal as Signal } : {}) } as unknown as PayloadOf<T>;
    const r = commandModule(type as CommandType).apply(view().tx, payload as never, { at: now(), by: 'check' });
    if (!r.ok) throw new BoardError(REFUSAL[r.code] ?? 'bad_request', r.reason, { code: r.code });
    return payload;
  }
  const again = (commandId: string | undefined, type: CommandType) => {
    const prior = d.commands.prior(commandId);
    return prior && prior.type === type ? prior : null;
  };
  const issue = <T extends 'alert.acknowledge' | 'alert.escalate' | 'alert.close'>(ctx: Parameters<CommandIssuer['issue']>[0], type: T, payload: PayloadOf<T>, commandId?: string) => {
    const cmd = d.commands.issue(ctx, type, payload, commandId);
    d.changed();
    return ack(cmd);
  };

  return {
    'alert.list': (_ctx, { closedSince }) => {
      const c = current(closedSince ?? now() - DAY_MS);
      const onDuty = d.replica.all('handover').filter((h) => h.incoming).sort((a, b) => b.shiftEnd - a.shiftEnd)[0]?.incoming?.username ?? null;
      const named = new Set<string>(onDuty ? [onDuty] : []);
      for (const a of c.alerts) {
        for (const u of [a.owner, a.acknowledged?.by, a.closed?.by, ...a.escalations.map((e) => e.by)]) if (u) named.add(u);
      }
      const people: Record<string, string> = {};
      for (const u of named) {
        const account = d.replica.where('user_account', 'username', u)[0];
        if (account) people[u] = account.displayName;
      }
      return { alerts: c.alerts, onDuty, departments: c.config.departments, people, now: c.at };
    },
    'alert.acknowledge': (ctx, { alertId, commandId }) => {
      const prior = again(commandId, 'alert.acknowledge');
      if (prior) return ack(prior);
      return issue(ctx, 'alert.acknowledge', act('alert.acknowledge', alertId, {}), commandId);
    },
    'alert.escalate': (ctx, { alertId, to, note, commandId }) => {
      const prior = again(commandId, 'alert.escalate');
      if (prior) return ack(prior);
      return issue(ctx, 'alert.escalate', act('alert.escalate', alertId, { to, note }), commandId);
    },
    'alert.close': (ctx, { alertId, note, commandId }) => {
      const prior = again(commandId, 'alert.close');
      if (prior) return ack(prior);
      if (!note.trim()) throw new BoardError('note_required', 'an alert is closed with a note saying what was done');
      return issue(ctx, 'alert.close', act('alert.close', alertId, { note }), commandId);
    },
  };
}
