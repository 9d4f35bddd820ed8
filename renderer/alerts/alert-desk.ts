import type { TFunction } from 'i18next';
import type { AlertView } from '../../shared/alerts/api';
import type { AlertLevel } from '../../shared/alerts/levels';
import { SUPERVISOR } from '../../shared/duty/alert-lifecycle';

/**
 * The alert desk's rules, pure: which alerts a filter shows and in what order, how far each
 * is from its deadlines, who owns it, and the words for them. The desk and the bell share
 * them; the clock is always the caller's (one shared tick, and tests pass their own).
 */

export type DeskFilter = 'open' | 'all';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const LEVEL_RANK: Record<AlertLevel, number> = { red: 0, orange: 1, yellow: 2, green: 3 };

/** '未关闭': every alert not closed; '全部': those too and the ones closed in the last day (what alert.list returns). */
export function filterAlerts(alerts: readonly AlertView[], filter: DeskFilter): AlertView[] {
  return filter === 'open' ? alerts.filter((a) => a.state !== 'closed') : [...alerts];
}

/** The next deadline still to be met: answering while unanswered, then closing. */
export function nextDeadline(a: Pick<AlertView, 'state' | 'respondBy' | 'closeBy'>): number | null {
  if (a.state === 'closed') return null;
  if (a.state === 'open' && a.respondBy !== null) return a.respondBy;
  return a.closeBy;
}

/**
 * Worst first: not closed before closed; unanswered before answered; red before green; the
 * nearest deadline first (none last); then the oldest. Closed ones: most recently closed first.
 */
export function sortAlerts(alerts: readonly AlertView[]): AlertView[] {
  const closed = (a: AlertView) => (a.state === 'closed' ? 1 : 0);
  const answered = (a: AlertView) => (a.state === 'open' ? 0 : 1);
  const due = (a: AlertView) => nextDeadline(a) ?? Infinity;
  return [...alerts].sort(
    (a, b) =>
      closed(a) - closed(b) ||
      (a.state === 'closed' && b.state === 'closed' ? (b.closed?.at ?? 0) - (a.closed?.at ?? 0) : 0) ||
      answered(a) - answered(b) ||
      LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
      due(a) - due(b) ||
      a.raisedAt - b.raisedAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The bell: how many alerts nobody has answered, and the worst level among them (null: none). */
export function bellState(alerts: readonly AlertView[]): { count: number; level: AlertLevel | null } {
  const waiting = alerts.filter((a) => a.state === 'open');
  const level = waiting.reduce<AlertLevel | null>((worst, a) => (worst === null || LEVEL_RANK[a.level] < LEVEL_RANK[worst] ? a.level : worst), null);
  return { count: waiting.length, level };
}

/**
 * One deadline as the clock stands: none set; met (answered, or closed); time left; or past
 * it by `ms`. `onFile`: when the record marked it overdue (kept whatever happens next).
 */
export type DeadlineState =
  | { kind: 'none' }
  | { kind: 'met'; at: number; deadline: number; late: boolean }
  | { kind: 'left'; ms: number; deadline: number }
  | { kind: 'over'; ms: number; deadline: number };

export function deadlineState(deadline: number | null, now: number, metAt: number | null): DeadlineState {
  if (deadline === null) return { kind: 'none' };
  if (metAt !== null) return { kind: 'met', at: metAt, deadline, late: metAt > deadline };
  return now <= deadline ? { kind: 'left', ms: deadline - now, deadline } : { kind: 'over', ms: now - deadline, deadline };
}

/** The answer deadline: met by the acknowledgement (or by closing without one). */
export const respondState = (a: AlertView, now: number): DeadlineState => deadlineState(a.respondBy, now, a.acknowledged?.at ?? a.closed?.at ?? null);
/** The closing deadline: met by the closing note. */
export const closeState = (a: AlertView, now: number): DeadlineState => deadlineState(a.closeBy, now, a.closed?.at ?? null);

/** "剩 04:59" under an hour, "剩 3 小时 5 分", "剩 2 天 4 小时": never rounds up, never reads negative. */
export function timeLeftText(t: TFunction, ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (ms < HOUR) return t('alerts:alerts.countdown.clock', { clock: `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` });
  if (ms < DAY) return t('alerts:alerts.countdown.hours', { hours: Math.floor(ms / HOUR), minutes: Math.floor((ms % HOUR) / MIN) });
  return t('alerts:alerts.countdown.days', { days: Math.floor(ms / DAY), hours: Math.floor((ms % DAY) / HOUR) });
}

/** "超时 12 分", "超时 2 小时 5 分", "超时 3 天 1 小时": how long past a deadline, in whole minutes. */
export function overdueText(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MIN));
  if (minutes < 60) return t('alerts:alerts.overdue.minutes', { minutes });
  if (ms < DAY) return t('alerts:alerts.overdue.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return t('alerts:alerts.overdue.days', { days: Math.floor(ms / DAY), hours: Math.floor((ms % DAY) / HOUR) });
}

/** A deadline's countdown words; null where it has none or it was met (the row says when instead). */
export function countdownText(t: TFunction, d: DeadlineState): string | null {
  if (d.kind === 'left') return timeLeftText(t, d.ms);
  if (d.kind === 'over') return overdueText(t, d.ms);
  return null;
}

/** A person as officers know them: their display name where the console knows it, else the username. */
export type PersonNamer = (username: string) => string;

/**
 * Who answers for the alert: its first responsible; nobody yet, "值班员" and the officer on
 * duty where the console knows who that is.
 */
export function ownerText(t: TFunction, owner: string | null, onDuty: string | null, name: PersonNamer): string {
  if (owner !== null) return name(owner);
  return onDuty ? t('alerts:alerts.owner.onDutyNamed', { name: name(onDuty) }) : t('alerts:alerts.owner.onDuty');
}

/** Who did it: an officer by name, the central's watcher as "系统". */
export const actorText = (t: TFunction, by: string, name: PersonNamer): string => (by === 'system' ? t('alerts:alerts.actor.system') : by === 'console' ? t('alerts:alerts.actor.console') : name(by));

/** Escalation targets: "值班领导" for the supervisor, departments by their own names. */
export const targetText = (t: TFunction, to: readonly string[]): string => to.map((x) => (x === SUPERVISOR ? t('alerts:alerts.target.supervisor') : x)).join(t('alerts:alerts.target.separator'));

/** The targets an officer may choose: the supervisor on duty first, then the division's departments. */
export const escalationTargets = (departments: readonly string[]): string[] => [SUPERVISOR, ...departments.filter((d) => d !== SUPERVISOR)];

export { subjectText } from '../format/alert-subject';
