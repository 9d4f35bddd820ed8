import type { DispatchPlanView, MethodArg, MethodResult } from '../../shared/board-api';
import { parseQuantity } from './request-input';

/**
 * A recommended plan as the officer accepts it, and the edits allowed before accepting:
 * swap a run's vehicle, take a pickup from another site, change a quantity. Pure; the
 * backend checks stock and vehicles again when the runs are sent (dispatch.accept).
 */

export type AcceptRun = MethodArg<'dispatch.accept'>['runs'][number];
export type Pickup = AcceptRun['pickups'][number];

/** What dispatch.accept takes for a plan as recommended. */
export function acceptRunsOf(plan: Pick<DispatchPlanView, 'runs'>): AcceptRun[] {
  return plan.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: [...r.siteIds], pickups: r.pickups.map((p) => ({ ...p })), arrivalS: r.arrivalS }));
}

/** Pickups grouped by site in the order given (the run's visiting order). */
export function pickupsBySite(pickups: readonly Pickup[]): { siteId: string; items: { itemId: string; quantity: number }[] }[] {
  const out: { siteId: string; items: { itemId: string; quantity: number }[] }[] = [];
  for (const p of pickups) {
    let group = out.find((g) => g.siteId === p.siteId);
    if (!group) out.push((group = { siteId: p.siteId, items: [] }));
    const line = group.items.find((i) => i.itemId === p.itemId);
    if (line) line.quantity += p.quantity;
    else group.items.push({ itemId: p.itemId, quantity: p.quantity });
  }
  return out;
}

/** An editable run: quantities kept as typed so a half-typed number is not lost. */
export type EditRun = { vehicleId: string; siteIds: string[]; pickups: { siteId: string; itemId: string; quantity: string }[]; arrivalS: number };

export function toEditRuns(runs: readonly AcceptRun[]): EditRun[] {
  return runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: [...r.siteIds], pickups: r.pickups.map((p) => ({ ...p, quantity: String(p.quantity) })), arrivalS: r.arrivalS }));
}

export function swapVehicle(runs: readonly EditRun[], runIndex: number, vehicleId: string): EditRun[] {
  return runs.map((r, i) => (i === runIndex ? { ...r, vehicleId } : r));
}

/**
 * Takes one pickup of a run from another site. The run visits the new site where it
 * visited the old one (or right after it, when it still loads something there); a site
 * left with nothing to load is no longer visited.
 */
export function changeSource(runs: readonly EditRun[], runIndex: number, pickupIndex: number, toSiteId: string): EditRun[] {
  return runs.map((r, i) => {
    const moved = r.pickups[pickupIndex];
    if (i !== runIndex || !moved || moved.siteId === toSiteId) return r;
    const from = moved.siteId;
    const pickups = r.pickups.map((p, j) => (j === pickupIndex ? { ...p, siteId: toSiteId } : p));
    const fromStillUsed = pickups.some((p) => p.siteId === from);
    const siteIds: string[] = [];
    for (const s of r.siteIds) {
      if (s === from) {
        if (fromStillUsed) siteIds.push(s);
        if (!r.siteIds.includes(toSiteId)) siteIds.push(toSiteId);
      } else siteIds.push(s);
    }
    return { ...r, siteIds, pickups };
  });
}

/**
 * Takes a whole vehicle off the plan (the officer wants fewer vehicles on the road, or
 * this one elsewhere). The last run stays: a plan with no vehicle is not a plan. What it
 * carried is no longer carried; the editor then says the quantities differ from the request.
 */
export function removeRun(runs: readonly EditRun[], runIndex: number): EditRun[] {
  if (runs.length <= 1 || runIndex < 0 || runIndex >= runs.length) return [...runs];
  return runs.filter((_, i) => i !== runIndex);
}

export function setQuantity(runs: readonly EditRun[], runIndex: number, pickupIndex: number, quantity: string): EditRun[] {
  return runs.map((r, i) => (i === runIndex ? { ...r, pickups: r.pickups.map((p, j) => (j === pickupIndex ? { ...p, quantity } : p)) } : r));
}

export type EditError =
  | { key: 'quantity'; runIndex: number; pickupIndex: number }
  | { key: 'vehicleTwice'; vehicleId: string }
  | { key: 'vehicleUnavailable'; vehicleId: string }
  | { key: 'nothingLoaded'; runIndex: number };

export type EditCheck = { ok: true; runs: AcceptRun[] } | { ok: false; errors: EditError[] };

/**
 * Checks the edited runs. A quantity of 0 drops that pickup (the officer takes it off the
 * vehicle); a run left with nothing to load is an error rather than a silent empty trip.
 */
export function checkEditRuns(runs: readonly EditRun[], available: ReadonlySet<string>): EditCheck {
  const errors: EditError[] = [];
  const seen = new Set<string>();
  const out: AcceptRun[] = [];
  runs.forEach((r, runIndex) => {
    if (seen.has(r.vehicleId)) errors.push({ key: 'vehicleTwice', vehicleId: r.vehicleId });
    seen.add(r.vehicleId);
    if (!available.has(r.vehicleId)) errors.push({ key: 'vehicleUnavailable', vehicleId: r.vehicleId });
    const pickups: Pickup[] = [];
    r.pickups.forEach((p, pickupIndex) => {
      const q = parseQuantity(p.quantity);
      if (q.kind !== 'int' || q.value < 0 || q.value > 1_000_000) errors.push({ key: 'quantity', runIndex, pickupIndex });
      else if (q.value > 0) {
        const same = pickups.find((x) => x.siteId === p.siteId && x.itemId === p.itemId);
        if (same) same.quantity += q.value;
        else pickups.push({ siteId: p.siteId, itemId: p.itemId, quantity: q.value });
      }
    });
    if (pickups.length === 0 && !errors.some((e) => e.key === 'quantity' && e.runIndex === runIndex)) errors.push({ key: 'nothingLoaded', runIndex });
    const siteIds = r.siteIds.filter((s) => pickups.some((p) => p.siteId === s));
    out.push({ vehicleId: r.vehicleId, siteIds, pickups, arrivalS: r.arrivalS });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, runs: out };
}

/** Quantity per item over all runs, to compare with what was requested. */
export function totalsByItem(runs: readonly Pick<AcceptRun, 'pickups'>[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of runs) for (const p of r.pickups) totals.set(p.itemId, (totals.get(p.itemId) ?? 0) + p.quantity);
  return totals;
}

/** Items whose total differs from the request: [itemId, requested, planned]. */
export function quantityDifferences(requested: readonly { itemId: string; quantity: number }[], runs: readonly Pick<AcceptRun, 'pickups'>[]): [string, number, number][] {
  const totals = totalsByItem(runs);
  const ids = new Set([...requested.map((r) => r.itemId), ...totals.keys()]);
  const out: [string, number, number][] = [];
  for (const id of ids) {
    const want = requested.filter((r) => r.itemId === id).reduce((n, r) => n + r.quantity, 0);
    const got = totals.get(id) ?? 0;
    if (want !== got) out.push([id, want, got]);
  }
  return out;
}

/** Road geometry of a plan, one path per leg that has one, tagged by run for colouring. */
export function planPaths(plan: Pick<DispatchPlanView, 'runs'>): { runIndex: number; path: [number, number][] }[] {
  const out: { runIndex: number; path: [number, number][] }[] = [];
  plan.runs.forEach((r, runIndex) => {
    for (const leg of r.legs) if (leg.path && leg.path.length > 1) out.push({ runIndex, path: leg.path });
  });
  return out;
}

/** An edited plan as the backend timed and checked it (dispatch.retime). */
export type Retimed = MethodResult<'dispatch.retime'>;

/**
 * Whether the edited runs can be dispatched as shown, and if not, why: not yet timed on the
 * roads (or timed for other runs than those on screen), a problem the planner would never
 * accept, or a site drawn below its safety stock that the officer has not confirmed. The
 * button and Enter both follow this: an edit is never dispatched on the original's times.
 */
export type EditVerdict = { kind: 'ready'; belowSafety: boolean } | { kind: 'timing' } | { kind: 'invalid' } | { kind: 'blocked' } | { kind: 'confirm' };

export function editVerdict(local: EditCheck, retimed: Retimed | null, confirmedBelowSafety: boolean): EditVerdict {
  if (!local.ok) return { kind: 'invalid' };
  if (!retimed) return { kind: 'timing' };
  if (retimed.problems.some((p) => p.code !== 'below_safety')) return { kind: 'blocked' };
  const belowSafety = retimed.problems.some((p) => p.code === 'below_safety');
  if (belowSafety && !confirmedBelowSafety) return { kind: 'confirm' };
  return { kind: 'ready', belowSafety };
}

/** The runs to send: as edited, each with the arrival the backend timed on the roads (what the officer was shown). */
export function retimedAcceptRuns(runs: readonly AcceptRun[], retimed: Retimed): AcceptRun[] {
  const arrival = new Map(retimed.runs.map((r) => [r.vehicleId, r.arrivalS]));
  return runs.map((r) => ({ ...r, arrivalS: arrival.get(r.vehicleId) ?? r.arrivalS }));
}

/** The edited plan for the map and the summary: the recommended card with the re-timed runs, legs and arrival. */
export function retimedPlan(base: DispatchPlanView, retimed: Retimed): DispatchPlanView {
  return {
    ...base,
    runs: retimed.runs,
    pickups: retimed.runs.flatMap((r) => r.pickups),
    arrivalS: retimed.arrivalS ?? base.arrivalS,
    deadlineS: Math.max(0, retimed.deadlineS),
    marginS: retimed.marginS ?? base.marginS,
    meetsDeadline: retimed.meetsDeadline,
    keepsReserve: !retimed.problems.some((p) => p.code === 'below_safety'),
    belowSafety: [],
  };
}

/**
 * Whether the plan button may dispatch now. Not while a call is under way, not an edit that
 * is not ready, and not the unedited plans while new ones compute: those shown are the last
 * ones, kept for reading, and a vehicle in them may have been taken meanwhile (a refusal
 * re-plans; pressing Enter again must not send the same stale plan).
 */
export function mayAccept(s: { busy: boolean; planLoading: boolean; editing: boolean; verdict: EditVerdict | null }): boolean {
  if (s.busy) return false;
  if (s.editing) return s.verdict?.kind === 'ready';
  return !s.planLoading;
}
