import { addMonths } from '../../shared/assets/service-life';
import { REPAIR_CYCLE_TARGET_DAYS, type LifecycleStep, type Repair } from '../../shared/assets/schema';

/**
 * How the asset views read the ledger's records: what a step asks the officer for, how old
 * a repair request is against the repair cycle, a readiness rate in words. Pure.
 */

/** What the officer names for a step: the site it goes to, the officer it goes out with, or nothing. */
export type StepInput = 'site' | 'holder' | null;

export function stepInput(step: LifecycleStep): StepInput {
  if (step === 'store' || step === 'return' || step === 'transfer' || step === 'found' || step === 'back_from_repair') return 'site';
  if (step === 'issue') return 'holder';
  return null;
}

/**
 * Whether a step waits for a supervisor: sending to repair and scrapping use up an approved
 * request of their kind (lifecycle.ts), which the backend's `steps` (by state alone) does not
 * know of; without one the step would only be refused.
 */
export function awaitsApproval(step: LifecycleStep, requests: readonly Pick<Repair, 'kind' | 'status'>[]): boolean {
  const kind = step === 'send_to_repair' ? 'repair' : step === 'scrap' ? 'scrap' : null;
  return kind !== null && !requests.some((r) => r.kind === kind && r.status === 'approved');
}

const DAY_MS = 86_400_000;
const OPEN: readonly Repair['status'][] = ['filed', 'approved', 'in_repair'];

export type RepairAge = { ageDays: number; overdue: boolean };

/**
 * A request's age since filing against the repair cycle (3.1 days). Only an open repair is
 * overdue: scrapping is not a repair (repair-cycle.ts counts it out the same way).
 */
export function repairAge(repair: Pick<Repair, 'kind' | 'status' | 'filedAt'>, now: number, targetDays = REPAIR_CYCLE_TARGET_DAYS): RepairAge {
  const ageDays = Math.max(0, (now - repair.filedAt) / DAY_MS);
  return { ageDays, overdue: repair.kind === 'repair' && OPEN.includes(repair.status) && ageDays > targetDays + 1e-9 };
}

/** Open requests, oldest first: the supervisor chases the worst. */
export function openRepairsOldestFirst(repairs: readonly Repair[]): Repair[] {
  return repairs.filter((r) => OPEN.includes(r.status)).sort((a, b) => a.filedAt - b.filedAt || (a.id < b.id ? -1 : 1));
}

/**
 * What may be done with a request now: decide it (filed); send the asset to repair (an
 * approved repair of an asset: its step send_to_repair uses the approval up; an approved
 * vehicle repair is in the workshop already); mark it returned (in repair: repair.close).
 */
export function repairActions(repair: Pick<Repair, 'status' | 'kind' | 'target'>): { decide: boolean; send: boolean; close: boolean } {
  return {
    decide: repair.status === 'filed',
    send: repair.status === 'approved' && repair.kind === 'repair' && repair.target.kind === 'asset',
    close: repair.status === 'in_repair',
  };
}

/** "2026-03-04 14:05", local time: a record's dates reach back years, so always with the date. */
export function formatDay(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** When an item with a service life (helmets, stab vests) must be scrapped; null without one or before acceptance. */
export function serviceLifeEnd(acceptedAt: number | null, serviceLifeMonths: number | null): number | null {
  return acceptedAt === null || serviceLifeMonths === null ? null : addMonths(acceptedAt, serviceLifeMonths);
}

/**
 * A field's text with the characters a scan typed into it taken out again: the `chars`
 * characters before the caret (a scanner types where the caret is). Fewer there (the field
 * refused some, or the caret moved): as many as there are.
 */
export function withoutScanned(value: string, caret: number, chars: number): { value: string; caret: number } {
  const end = Math.max(0, Math.min(caret, value.length));
  const start = Math.max(0, end - chars);
  return { value: value.slice(0, start) + value.slice(end), caret: start };
}
