import { dutyConfigOf } from '../../../shared/duty/commands/alert-act';
import { createHash, randomUUID } from 'node:crypto';
import { BoardError, type DispatchPlanView, type MethodResult, type PlanResultView } from '../../../shared/board-api';
import type { dispatchMethods } from '../../../shared/dispatch/api';
import type { Site } from '../../../shared/domain';
import { kpiReport } from '../../../shared/dispatch/kpi';
import type { RoutedPlan } from '../../../shared/routing/routing-api';
import type { PayloadOf } from '../../../shared/commands/registry';
import type { HandlersOf } from '../board/handler-types';
import type { ReplicaReader } from '../store/replica';
import { checkDestination, countyOf, type UnitTree } from '../../../shared/scope/tree';
import { approvalFor, decisionAllowed, heldForApproval } from '../../../shared/dispatch/approval';
import { awaitingDecision } from '../../../shared/dispatch/commands/approval';
import type { Role } from '../../../shared/auth/roles';
import type { TableTx } from '../../../shared/commands/module';
import type { DispatchOrder, SupplyRequest } from '../../../shared/domain';
import type { ScopeSettings } from '../../../shared/scope/schema';
import type { NeighbourJudge } from '../scope/neighbours';
import type { PositionStore } from '../store/positions';
import type { Outbox } from '../store/outbox';
import { createBoardView } from '../store/view';
import { ack, type CommandIssuer } from '../commands/issue';
import { createRoutingService, type RoutingService } from '../routing/routing-service';
import { blocking, checkRuns, sitesAt, type RunProblem } from '../../../shared/dispatch/plan-check';
import { DEMO_PACK_SIZES } from '../../../shared/dispatch/pack-sizes';
import { LOADING_TIME_S } from '../../../shared/dispatch/planner';
import type { EtaView } from '../../../shared/dispatch/api';

export type DispatchDeps = {
  replica: ReplicaReader;
  /** The command tree this cache holds (link/scope.ts; checked once per change), for where a request may go. */
  units?: () => UnitTree | null;
  /** The central's scope settings (its large-allocation threshold) as its last /health said; null: the defaults. */
  scopeSettings?: () => ScopeSettings | null;
  /** Which sites and vehicles are a neighbouring unit's (shown read-only): the planner offers none of them. */
  neighbours?: NeighbourJudge;
  positions: PositionStore;
  outbox: Outbox;
  commands: CommandIssuer;
  /** roads.json of the city in use (it changes when the board switches city: Settings → Cities). */
  roadsPath: () => string;
  now?: () => number;
};

/** Live arrival predictions are refreshed this often (and a position report older than STALE_FOR_ETA_MS is not used). */
export const ETA_EVERY_MS = 10_000;
const STALE_FOR_ETA_MS = 10 * 60_000;

const DAY_MS = 24 * 3600_000;

/** A stable command id for part `index` of one intent (a plan's runs under one key): a v4-shaped UUID from a hash. */
export function derivedCommandId(key: string, index: number): string {
  const h = createHash('sha256').update(`${key}#${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const COVERAGE_TTL_MS = 5 * 60_000;

/**
 * Emergency supply dispatch on the board API: plans from the routing worker over what
 * the board shows (the cache with queued commands laid over it), and the officers'
 * actions as commands. Everything works offline; nothing here waits for the central.
 */
export function createDispatchHandlers(d: DispatchDeps) {
  const now = d.now ?? Date.now;
  let routing: { service: RoutingService; key: string } | null = null;
  let coverage: { at: number; value: MethodResult<'map.coverage'> } | null = null;

  /** The routing worker, started on first use and restarted if the sites or the city's roads changed. */
  const routingFor = (sites: Site[]): RoutingService => {
    const roadsPath = d.roadsPath();
    const key = `${roadsPath}#${sites.map((s) => `${s.id}:${s.lon}:${s.lat}`).join('|')}`;
    if (routing?.key === key) return routing.service;
    void routing?.service.close();
    routing = {
      key,
      service: createRoutingService({ roadsPath, sites, itemIds: d.replica.items().map((i) => i.id) }),
    };
    coverage = null;
    return routing.service;
  };

  /**
   * Whose approval runs an officer edited would wait for (the whole edit judged at once, as a
   * recommended plan is): the request's unit and why it was passed up, if it was recorded.
   */
  const approvalOfRuns = (tx: TableTx, destination: { lon: number; lat: number }, pickups: DispatchOrder['pickups'], request: SupplyRequest | undefined): DispatchPlanView['approval'] => {
    const tree = d.units?.() ?? null;
    if (!tree) return null;
    const where = checkDestination(tree, destination.lon, destination.lat);
    const subject = request ?? { id: '(edit)', destination, ...(where.ok ? { unitId: where.unitId } : {}) };
    const needed = approvalFor(tx, { ...applyContext(), units: tree }, subject, { id: '(edit)', pickups });
    if (!needed || 'code' in needed || !needed.approver) return null;
    return { level: needed.approver.level, unitId: needed.approver.unitId, reasons: needed.reasons };
  };
  /** What the board's view applies the commands with: the tree it holds and the central's settings, so an order waits here exactly when it will there. */
  const applyContext = () => {
    const tree = d.units?.() ?? null;
    const settings = d.scopeSettings?.() ?? null;
    return { ...(tree ? { units: tree } : {}), ...(settings ? { scopeSettings: settings } : {}) };
  };
  /** The board's view: the replica with the queued commands laid over it. */
  const view = () => {
    const v = createBoardView(d.replica, d.outbox.unreflected(), applyContext());
    return { tx: v.tx, stock: v.stock(), vehicles: v.vehicles(), requests: v.requests(now() - DAY_MS), dispatches: v.dispatches() };
  };
  /**
   * The sites where the board shows them (a queued move or new site included): plans,
   * routes and coverage start from the same places the map draws, and a move restarts the
   * routing worker (routingFor is keyed on the positions).
   */
  const sitesNow = (): Site[] => createBoardView(d.replica, d.outbox.unreflected()).sites();

  /**
   * The signed-in officer as the approval rules see them: role and unit (the city's when the
   * account names none); null for the workstation's own actor.
   */
  const officerOf = (ctx: Parameters<CommandIssuer['actorOf']>[0]): { role: Role; unitId: string } | null => {
    const a = d.commands.actorOf(ctx);
    if (a.role === 'system') return null;
    return { role: a.role, unitId: d.replica.get('user_account', a.userId)?.unitId ?? d.units?.()?.rootId ?? '' };
  };

  /** Where each vehicle is: its last report, else its home site. */
  const vehiclePlaces = (vehicles: ReturnType<typeof view>['vehicles'], sites: Site[]) =>
    vehicles.flatMap((v) => {
      const p = d.positions.latestOf(v.no);
      const home = sites.find((s) => s.id === v.homeSiteId);
      const at = p ?? home;
      return at ? [{ id: v.id, status: v.status, capacity: v.capacity, lon: at.lon, lat: at.lat }] : [];
    });

  /** Age (s) of the oldest position among these vehicles (null when none reported): plans made in an outage say so. */
  const positionsAgeS = (vehicleIds: Iterable<string>, vehicles: readonly { id: string; no: number }[]): number | null => {
    let oldest: number | null = null;
    for (const id of vehicleIds) {
      const v = vehicles.find((x) => x.id === id);
      const p = v ? d.positions.latestOf(v.no) : null;
      if (p && (oldest === null || p.ts < oldest)) oldest = p.ts;
    }
    return oldest === null ? null : Math.max(0, (now() - oldest) / 1000);
  };

  /** The problems runs would have if dispatched now, against what the board shows. */
  const problemsOf = (runs: readonly { vehicleId: string; siteIds: readonly string[]; pickups: readonly { siteId: string; itemId: string; quantity: number }[] }[], destination: { lon: number; lat: number }, v: ReturnType<typeof view>): RunProblem[] =>
    checkRuns(runs, { vehicles: v.vehicles, stock: v.stock, destinationSiteIds: sitesAt(destination, sitesNow()), packSizes: DEMO_PACK_SIZES });

  /** Runs timed on the roads from where each vehicle is now (null arrival when the routing cannot place them). */
  const timeRuns = async (runs: readonly { vehicleId: string; pickups: readonly { siteId: string; itemId: string; quantity: number }[]; siteIds: readonly string[] }[], destination: { lon: number; lat: number }, deadlineS: number, v: ReturnType<typeof view>) => {
    const sites = sitesNow();
    const places = new Map(vehiclePlaces(v.vehicles, sites).map((p) => [p.id, p]));
    const arg = {
      destination: { lon: destination.lon, lat: destination.lat },
      deadlineS: Math.max(1, deadlineS),
      runs: runs.map((r) => {
        const at = places.get(r.vehicleId);
        const vehicle = v.vehicles.find((x) => x.id === r.vehicleId);
        return {
          vehicleId: r.vehicleId,
          from: { lon: at?.lon ?? destination.lon, lat: at?.lat ?? destination.lat },
          capacity: vehicle?.capacity ?? 0,
          stops: r.siteIds.map((siteId) => ({ siteId, items: r.pickups.filter((p) => p.siteId === siteId).map((p) => ({ itemId: p.itemId, quantity: p.quantity })) })).filter((s) => s.items.length > 0),
        };
      }),
      withRoutes: true,
    };
    return routingFor(sites).timeRuns(arg);
  };

  // --- live arrival predictions ----------------------------------------------------------
  /**
   * A prediction that moved this much since the boards last heard is worth telling them:
   * small enough that "late" (a minute behind the promise) shows within a refresh or two of
   * being true, large enough that a fleet's jitter does not re-read the board every refresh.
   */
  const ETA_TELL_MS = 15_000;
  let etas = new Map<string, EtaView>();
  /** The predictions as the boards last heard of them (true from refreshEtas). */
  let told = new Map<string, number>();
  /**
   * Re-predicts every order on its way from its vehicle's latest position: the drive left
   * along its route (via the pickups not yet made), plus loading there. True when a
   * prediction moved by ETA_TELL_MS or more since the boards last heard, or an order arrived or
   * left. Against what they heard, not the last refresh: a crawling vehicle slips a second
   * or two at each refresh, and must still be told once it has slipped that much.
   */
  const refreshEtas = async (): Promise<boolean> => {
    const v = view();
    const enroute = v.dispatches.filter((x) => x.status === 'enroute');
    if (enroute.length === 0) {
      const had = etas.size > 0 || told.size > 0;
      etas = new Map();
      told = new Map();
      return had;
    }
    const t = now();
    const trips: { id: string; from: { lon: number; lat: number }; siteIds: string[]; destination: { lon: number; lat: number } }[] = [];
    const fromAt = new Map<string, number>();
    for (const dsp of enroute) {
      const vehicle = v.vehicles.find((x) => x.id === dsp.vehicleId);
      const pos = vehicle ? d.positions.latestOf(vehicle.no) : null;
      const req = v.tx.get('request', dsp.requestId);
      if (!pos || !req || t - pos.ts > STALE_FOR_ETA_MS) continue;
      trips.push({ id: dsp.id, from: { lon: pos.lon, lat: pos.lat }, siteIds: dsp.pickedUpAt === null ? dsp.siteIds : [], destination: { lon: req.destination.lon, lat: req.destination.lat } });
      fromAt.set(dsp.id, pos.ts);
    }
    if (trips.length === 0) return false;
    const answer = await routingFor(sitesNow()).remaining({ trips });
    const next = new Map<string, EtaView>();
    for (const tr of answer.trips) {
      if (tr.driveS === null) continue;
      next.set(tr.id, { dispatchId: tr.id, etaAt: Math.round(t + (tr.driveS + tr.stops * LOADING_TIME_S) * 1000), computedAt: t, positionAt: fromAt.get(tr.id)! });
    }
    const moved = next.size !== told.size || [...next].some(([id, e]) => Math.abs((told.get(id) ?? 0) - e.etaAt) >= ETA_TELL_MS);
    etas = next;
    if (moved) told = new Map([...next].map(([id, e]) => [id, e.etaAt]));
    return moved;
  };

  const toView = (p: RoutedPlan): Omit<DispatchPlanView, 'approval'> => ({
    rank: p.rank,
    reason: p.reason,
    arrivalS: p.arrivalS,
    deadlineS: p.deadlineS,
    marginS: p.marginS,
    meetsDeadline: p.meetsDeadline,
    lateReason: p.lateReason,
    pickups: p.pickups,
    runs: p.runs.map((r) => ({
      vehicleId: r.vehicleId,
      capacity: r.capacity,
      loadUnits: r.loadUnits,
      siteIds: r.stops.map((s) => s.siteId),
      pickups: r.stops.flatMap((s) => s.items.map((i) => ({ siteId: s.siteId, itemId: i.itemId, quantity: i.quantity }))),
      legs: r.legs.map((l) => ({
        from: { kind: l.from.kind, id: l.from.kind === 'vehicle' ? l.from.vehicleId : l.from.kind === 'site' ? l.from.siteId : null },
        to: { kind: l.to.kind, id: l.to.kind === 'vehicle' ? l.to.vehicleId : l.to.kind === 'site' ? l.to.siteId : null },
        driveS: l.driveS,
        path: l.path ? l.path.map(([x, y]) => [x, y] as [number, number]) : null,
      })),
      driveS: r.driveS,
      loadingS: r.loadingS,
      arrivalS: r.arrivalS,
    })),
    keepsReserve: p.keepsReserve,
    belowSafety: p.belowSafety,
  });

  /**
   * A supervisor's decision on an order awaiting approval: checked against what the board
   * shows and against who is deciding (shared/dispatch/approval.ts) before it is queued; a
   * decision the officer has no authority for is refused here, on their audit chain.
   */
  const decide = (ctx: Parameters<CommandIssuer['actorOf']>[0], type: 'dispatch.approve' | 'dispatch.refuse', dispatchId: string, note: string, commandId: string | undefined) => {
    const again = d.commands.prior(commandId);
    if (again && again.type === type && (again.payload as PayloadOf<typeof type>).dispatchId === dispatchId) return ack(again);
    // The commands' own rules, on what the board shows, with the officer deciding.
    const tree = d.units?.() ?? null;
    const found = awaitingDecision(view().tx, dispatchId, { ...(tree ? { units: tree } : {}), officer: officerOf(ctx) });
    if (!found.ok) {
      if (found.code === 'no_authority') d.commands.refuse(ctx, type, 'no_authority', found.reason);
      throw new BoardError(found.code as 'not_found' | 'not_awaiting' | 'already_decided', found.reason, found.code === 'not_found' ? { dispatch: dispatchId } : undefined);
    }
    return ack(d.commands.issue(ctx, type, { dispatchId, note }, commandId));
  };

  const handlers: HandlersOf<typeof dispatchMethods> = {
    'dispatch.plan': async (_ctx, { destination, items, priority, deadlineMinutes }): Promise<PlanResultView> => {
      const sites = sitesNow();
      const seen = view();
      // A neighbouring unit's sites and vehicles are shown read-only: their stock and vehicles are not this console's to plan with.
      const judge = d.neighbours?.judge();
      const neighbourSites = new Set(judge ? sites.filter((x) => judge.site(x)).map((x) => x.id) : []);
      const v = judge ? { ...seen, stock: seen.stock.filter((x) => !neighbourSites.has(x.siteId)), vehicles: seen.vehicles.filter((x) => !judge.vehicle(x)) } : seen;
      // A vehicle held for a plan awaiting approval is not free for another.
      const free = v.vehicles.filter((x) => !heldForApproval(v.tx, x.id));
      const plan = (stock: typeof v.stock, vehicles: typeof v.vehicles) =>
        routingFor(sites).plan({
          destination,
          items,
          priority,
          ...(deadlineMinutes ? { deadlineS: deadlineMinutes * 60 } : {}),
          stock,
          vehicles: vehiclePlaces(vehicles, sites),
          maxPlans: 3,
          withRoutes: true,
        });
      try {
        // Multi-level command: the request's county plans it with its own depots and vehicles
        // first; only when none of those plans meets the deadline (or none exists) does the
        // planner go across counties — and such a plan waits for the city's approval.
        const tree = d.units?.() ?? null;
        const where = tree ? checkDestination(tree, destination.lon, destination.lat) : null;
        const countyOfSite = new Map(sites.map((x) => [x.id, tree && x.unitId && tree.nodes.has(x.unitId) ? countyOf(tree, x.unitId) : null]));
        let answer;
        let inCountyLate = false;
        if (tree && where?.ok) {
          const own = await plan(
            v.stock.filter((x) => countyOfSite.get(x.siteId) === where.countyId),
            free.filter((x) => x.unitId !== undefined && tree.nodes.has(x.unitId) && countyOf(tree, x.unitId) === where.countyId),
          );
          if (own.result.ok && own.result.plans.some((p) => p.meetsDeadline)) {
            answer = own;
            // In time only by eating the county's safety stock: a cross-county plan that spares it is offered beside (the city approves it).
            if (!own.result.plans.some((p) => p.meetsDeadline && p.keepsReserve)) {
              const wide = await plan(v.stock, free);
              const spare = wide.result.ok ? wide.result.plans.find((p) => p.meetsDeadline && p.keepsReserve && p.pickups.some((x) => countyOfSite.get(x.siteId) !== where.countyId)) : undefined;
              if (spare && own.result.ok) answer = { ...own, result: { ...own.result, plans: [...own.result.plans.slice(0, 2), { ...spare, rank: Math.min(own.result.plans.length, 2) + 1 }] } };
            }
          } else {
            const wide = await plan(v.stock, free);
            const wideHelps = wide.result.ok && (!own.result.ok || wide.result.plans.some((p) => p.meetsDeadline));
            answer = wideHelps ? wide : own;
            inCountyLate = wideHelps;
          }
        } else answer = await plan(v.stock, free);
        const r = answer.result;
        if (r.ok) {
          const request = { id: '(new)', destination, ...(where?.ok ? { unitId: where.unitId } : {}) };
          const approvalOf = (p: RoutedPlan): DispatchPlanView['approval'] => {
            if (!tree) return null;
            // Judged as the central will judge each order, all of the plan at once (the large-allocation total is the plan's).
            const needed = approvalFor(v.tx, { ...applyContext(), units: tree }, request, { id: '(plan)', pickups: p.pickups }, inCountyLate);
            if (!needed || 'code' in needed || !needed.approver) return null;
            return { level: needed.approver.level, unitId: needed.approver.unitId, reasons: needed.reasons };
          };
          return {
            ok: true,
            plans: r.plans.map((p) => ({ ...toView(p), approval: approvalOf(p) })),
            destination: answer.destination ? { lon: answer.destination.nodeLon, lat: answer.destination.nodeLat } : null,
            computeMs: answer.computeMs,
            positionsAgeS: positionsAgeS(new Set(r.plans.flatMap((p) => p.vehicleIds)), v.vehicles),
            alternativesUntilS: r.alternativesUntilS,
          };
        }
        return { ok: false, reason: r.reason, message: r.message, missing: 'missing' in r && Array.isArray(r.missing) ? r.missing : [] };
      } catch (e) {
        const err = e as { code?: string; message?: string };
        if (err.code === 'off_network' || err.code === 'out_of_bounds' || err.code === 'unknown_item') {
          return { ok: false, reason: err.code, message: err.message ?? err.code, missing: [] };
        }
        if (err.code === 'invalid_input') return { ok: false, reason: 'invalid_request', message: err.message ?? '', missing: [] };
        throw new BoardError('routing_failed', `routing: ${err.message ?? String(e)}`);
      }
    },

    'request.create': (ctx, { destination, items, priority, requester, note, class: requestClass, deadlineMinutes, commandId }) => {
      const unknown = items.filter((i) => !d.replica.get('item', i.itemId));
      if (unknown.length > 0) throw new BoardError('unknown_item', `unknown items: ${unknown.map((i) => i.itemId).join(', ')}`, { item: unknown[0]!.itemId });
      // A destination no county answers for is refused here at once, as the central would (request.create).
      const tree = d.units?.() ?? null;
      if (tree) {
        const where = checkDestination(tree, destination.lon, destination.lat);
        // Refused with an entry on the officer's audit chain, as the central's refusal would be.
        if (!where.ok) d.commands.refuse(ctx, 'request.create', 'outside_every_unit', where.message);
      }
      // The same intent sent again answers the request already queued.
      const prior = d.commands.prior(commandId);
      if (prior && prior.type === 'request.create') {
        return { requestId: (prior.payload as PayloadOf<'request.create'>).request.id, commandId: prior.id };
      }
      const createdAt = now();
      // The class's deadline from the duty settings (emergency supply 30 min, public help 8), unless the officer agreed another.
      const cls = requestClass ?? 'emergency';
      const minutes = deadlineMinutes ?? dutyConfigOf(view().tx).classes[cls];
      const request = { id: randomUUID(), destination, items, priority, requester, note, createdAt, deadlineAt: createdAt + minutes * 60_000, class: cls };
      const cmd = d.commands.issue(ctx, 'request.create', { request }, commandId);
      return { requestId: request.id, commandId: cmd.id };
    },

    'dispatch.accept': async (ctx, { requestId, runs, confirmBelowSafety, inCountyLate, commandId }) => {
      // The same intent sent again answers the dispatch orders already queued.
      const prior = commandId ? d.commands.prior(derivedCommandId(commandId, 0)) : null;
      if (prior && prior.type === 'dispatch.create') {
        const ids = runs.map((_, i) => d.outbox.get(derivedCommandId(commandId!, i))).filter((e) => e?.type === 'dispatch.create');
        return { dispatchIds: ids.map((e) => (e!.payload as PayloadOf<'dispatch.create'>).dispatch.id) };
      }
      const v = view();
      const request = v.requests.find((r) => r.id === requestId) ?? v.tx.get('request', requestId);
      if (!request) throw new BoardError('not_found', `no request ${requestId}`, { request: requestId });
      if (request.status === 'delivered' || request.status === 'cancelled') throw new BoardError('request_closed', `request is ${request.status}`, { status: request.status });
      // Check every run against what the board shows before writing anything: no partial
      // dispatch, and nothing the planner would never do (shared/dispatch/plan-check.ts).
      for (const run of runs) {
        const held = heldForApproval(v.tx, run.vehicleId);
        if (held) {
          const plate = v.tx.get('vehicle', run.vehicleId)?.plate ?? run.vehicleId;
          throw new BoardError('vehicle_unavailable', `vehicle ${plate} is held for a plan awaiting approval`, { plate, status: 'awaiting_approval' });
        }
      }
      const stop = blocking(problemsOf(runs, request.destination, v), confirmBelowSafety === true)[0];
      if (stop) {
        const p = stop.params as Record<string, string | number>;
        const why: Record<RunProblem['code'], string> = {
          vehicle_unavailable: `vehicle ${p.plate} is ${p.status}, not available`,
          vehicle_twice: `vehicle ${p.plate} is in two runs`,
          over_capacity: `${p.plate} carries ${p.capacity} load units; the run needs ${p.load}`,
          pickup_not_a_stop: `pickup at ${p.site} is not a stop of ${p.plate}'s run`,
          insufficient_stock: `insufficient stock: ${p.site} holds ${p.have} of ${p.item}, the plan takes ${p.need}`,
          source_is_destination: `${p.site} is the destination itself: a plan cannot take its stock from there`,
          below_safety: `${p.site} would keep ${p.remaining} of ${p.item}, below its safety stock of ${p.safety}: confirm to take it`,
        };
        throw new BoardError(stop.code, why[stop.code], p);
      }
      // Promise what the roads allow from where the vehicles are now, not what the screen said.
      let arrivals = new Map<string, number>(runs.map((r) => [r.vehicleId, r.arrivalS]));
      try {
        const timed = await timeRuns(runs, request.destination, (request.deadlineAt - now()) / 1000, v);
        arrivals = new Map(timed.runs.map((r) => [r.vehicleId, Number.isFinite(r.arrivalS) ? r.arrivalS : arrivals.get(r.vehicleId)!]));
      } catch {
        // No routing (a worker that failed to start): the arrival the officer saw is the best there is.
      }
      const t = now();
      const commands = runs.map((run, i) => ({
        ...(commandId ? { id: derivedCommandId(commandId, i) } : {}),
        type: 'dispatch.create' as const,
        payload: {
          dispatch: { id: randomUUID(), requestId, vehicleId: run.vehicleId, pickups: run.pickups, siteIds: run.siteIds, predictedArrivalAt: Math.round(t + (arrivals.get(run.vehicleId) ?? run.arrivalS) * 1000), createdAt: t },
          ...(inCountyLate ? { inCountyLate: true as const } : {}),
        },
      }));
      const written = d.commands.issueMany(ctx, commands);
      return { dispatchIds: written.map((c) => (c.payload as PayloadOf<'dispatch.create'>).dispatch.id) };
    },

    'dispatch.confirmPickup': (ctx, { dispatchId, commandId }) => {
      // The same intent sent again answers the command already queued (another action under this id is refused by the outbox).
      const again = d.commands.prior(commandId);
      if (again && again.type === 'dispatch.confirmPickup' && (again.payload as PayloadOf<'dispatch.confirmPickup'>).dispatchId === dispatchId) return ack(again);
      const disp = view().dispatches.find((x) => x.id === dispatchId);
      if (!disp) throw new BoardError('not_found', `no dispatch ${dispatchId}`, { dispatch: dispatchId });
      if (disp.status !== 'enroute') throw new BoardError('dispatch_closed', `dispatch is already ${disp.status}`, { status: disp.status });
      if (disp.pickedUpAt !== null) throw new BoardError('dispatch_loaded', 'dispatch is already loaded');
      return ack(d.commands.issue(ctx, 'dispatch.confirmPickup', { dispatchId, at: now() }, commandId));
    },
    'dispatch.confirmDelivery': (ctx, { dispatchId, commandId }) => {
      const again = d.commands.prior(commandId);
      if (again && again.type === 'dispatch.confirmDelivery' && (again.payload as PayloadOf<'dispatch.confirmDelivery'>).dispatchId === dispatchId) return ack(again);
      const disp = view().dispatches.find((x) => x.id === dispatchId);
      if (!disp) throw new BoardError('not_found', `no dispatch ${dispatchId}`, { dispatch: dispatchId });
      if (disp.status !== 'enroute') throw new BoardError('dispatch_closed', `dispatch is already ${disp.status}`, { status: disp.status });
      return ack(d.commands.issue(ctx, 'dispatch.confirmDelivery', { dispatchId, at: now() }, commandId));
    },

    'request.cancel': (ctx, { requestId, reason, commandId }) => {
      const again = d.commands.prior(commandId);
      if (again && again.type === 'request.cancel' && (again.payload as PayloadOf<'request.cancel'>).requestId === requestId) return ack(again);
      const request = view().tx.get('request', requestId);
      if (!request) throw new BoardError('not_found', `no request ${requestId}`, { request: requestId });
      if (request.status === 'delivered' || request.status === 'cancelled') throw new BoardError('request_closed', `request is ${request.status}`, { status: request.status });
      return ack(d.commands.issue(ctx, 'request.cancel', { requestId, reason }, commandId));
    },
    'dispatch.cancel': (ctx, { dispatchId, reason, commandId }) => {
      const again = d.commands.prior(commandId);
      if (again && again.type === 'dispatch.cancel' && (again.payload as PayloadOf<'dispatch.cancel'>).dispatchId === dispatchId) return ack(again);
      const disp = view().tx.get('dispatch', dispatchId);
      if (!disp) throw new BoardError('not_found', `no dispatch ${dispatchId}`, { dispatch: dispatchId });
      if (disp.status !== 'enroute' && disp.status !== 'awaiting_approval') throw new BoardError('dispatch_closed', `dispatch is already ${disp.status}`, { status: disp.status });
      return ack(d.commands.issue(ctx, 'dispatch.cancel', { dispatchId, reason }, commandId));
    },

    'request.escalate': (ctx, { requestId, reason, note, commandId }) => {
      const again = d.commands.prior(commandId);
      if (again && again.type === 'request.escalate' && (again.payload as PayloadOf<'request.escalate'>).requestId === requestId) return ack(again);
      const request = view().tx.get('request', requestId);
      if (!request) throw new BoardError('not_found', `no request ${requestId}`, { request: requestId });
      if (request.status !== 'open' && request.status !== 'dispatched') throw new BoardError('request_closed', `request is ${request.status}`, { status: request.status });
      const tree = d.units?.() ?? null;
      const officer = officerOf(ctx);
      if (!tree || (officer && officer.unitId === tree.rootId)) d.commands.refuse(ctx, 'request.escalate', 'nothing_above', 'the city command has no one above it to pass a request to');
      return ack(d.commands.issue(ctx, 'request.escalate', { requestId, reason, note }, commandId));
    },
    'dispatch.approve': (ctx, { dispatchId, note, commandId }) => decide(ctx, 'dispatch.approve', dispatchId, note, commandId),
    'dispatch.refuse': (ctx, { dispatchId, note, commandId }) => decide(ctx, 'dispatch.refuse', dispatchId, note, commandId),

    'request.list': (ctx) => {
      const v = view();
      const ids = new Set(v.requests.map((r) => r.id));
      const dispatches = v.dispatches.filter((x) => ids.has(x.requestId));
      const tree = d.units?.() ?? null;
      const officer = officerOf(ctx);
      const ctxOf = { ...(tree ? { units: tree } : {}), officer };
      return {
        requests: v.requests.sort((a, b) => b.createdAt - a.createdAt),
        dispatches,
        etas: dispatches.filter((x) => x.status === 'enroute' && etas.has(x.id)).map((x) => etas.get(x.id)!),
        mayDecide: officer?.role === 'supervisor' ? dispatches.filter((x) => x.status === 'awaiting_approval' && x.approval && decisionAllowed(ctxOf, x.approval) === true).map((x) => x.id) : [],
        mayEscalate: tree !== null && officer !== null && officer.unitId !== tree.rootId,
      };
    },

    'dispatch.retime': async (_ctx, arg) => {
      const v = view();
      const { runs } = arg;
      let destination: { lon: number; lat: number };
      let deadlineS: number;
      if ('requestId' in arg) {
        const request = v.requests.find((r) => r.id === arg.requestId) ?? v.tx.get('request', arg.requestId);
        if (!request) throw new BoardError('not_found', `no request ${arg.requestId}`, { request: arg.requestId });
        destination = request.destination;
        deadlineS = (request.deadlineAt - now()) / 1000;
      } else {
        destination = arg.destination;
        deadlineS = arg.deadlineMinutes * 60;
      }
      const problems = problemsOf(runs, destination, v);
      let timed;
      try {
        timed = await timeRuns(runs, destination, deadlineS, v);
      } catch (e) {
        throw new BoardError('routing_failed', `routing: ${(e as Error).message}`);
      }
      const byVehicle = new Map(runs.map((r) => [r.vehicleId, r]));
      return {
        runs: timed.runs.map((r) => ({
          vehicleId: r.vehicleId,
          capacity: r.capacity,
          loadUnits: r.loadUnits,
          siteIds: r.stops.map((s) => s.siteId),
          pickups: byVehicle.get(r.vehicleId)?.pickups.map((p) => ({ ...p })) ?? [],
          legs: r.legs.map((l) => ({
            from: { kind: l.from.kind, id: l.from.kind === 'vehicle' ? l.from.vehicleId : l.from.kind === 'site' ? l.from.siteId : null },
            to: { kind: l.to.kind, id: l.to.kind === 'vehicle' ? l.to.vehicleId : l.to.kind === 'site' ? l.to.siteId : null },
            driveS: Number.isFinite(l.driveS) ? l.driveS : 0,
            path: l.path ? l.path.map(([x, y]) => [x, y] as [number, number]) : null,
          })),
          driveS: Number.isFinite(r.driveS) ? r.driveS : 0,
          loadingS: r.loadingS,
          arrivalS: Number.isFinite(r.arrivalS) ? r.arrivalS : 0,
        })),
        arrivalS: Number.isFinite(timed.arrivalS) ? timed.arrivalS : null,
        deadlineS,
        marginS: Number.isFinite(timed.marginS) ? timed.marginS : null,
        meetsDeadline: timed.meetsDeadline,
        problems: problems.map((p) => ({ code: p.code, params: p.params })),
        positionsAgeS: positionsAgeS(runs.map((r) => r.vehicleId), v.vehicles),
        approval: approvalOfRuns(v.tx, destination, runs.flatMap((r) => r.pickups), 'requestId' in arg ? (v.requests.find((r) => r.id === arg.requestId) ?? v.tx.get('request', arg.requestId)) : undefined),
      };
    },

    'dispatch.route': async (_ctx, { dispatchId }) => {
      const v = view();
      const disp = v.dispatches.find((x) => x.id === dispatchId);
      if (!disp) throw new BoardError('not_found', `no dispatch ${dispatchId}`, { dispatch: dispatchId });
      const request = v.tx.get('request', disp.requestId);
      const vehicle = v.vehicles.find((x) => x.id === disp.vehicleId);
      const sites = sitesNow();
      if (!request || !vehicle) throw new BoardError('not_found', 'dispatch without its request or vehicle', { dispatch: dispatchId });
      const start = d.positions.latestOf(vehicle.no) ?? sites.find((s) => s.id === vehicle.homeSiteId);
      if (!start) throw new BoardError('position_unknown', 'vehicle position unknown', { plate: vehicle.plate });
      const stops = [...disp.siteIds.map((id) => sites.find((s) => s.id === id)!).filter(Boolean), request.destination];
      const service = routingFor(sites);
      const path: [number, number][] = [];
      let driveS = 0;
      let from = { lon: start.lon, lat: start.lat };
      for (const stop of stops) {
        const leg = await service.route({ from, to: { lon: stop.lon, lat: stop.lat } });
        if (leg.path) {
          path.push(...leg.path.coords.map(([x, y]) => [x, y] as [number, number]));
          driveS += leg.path.timeS;
        }
        from = { lon: stop.lon, lat: stop.lat };
      }
      return { path, driveS };
    },

    'kpi.report': (_ctx, { period }) => kpiReport(period, now(), d.replica.allRequests(), d.replica.allDispatches(), dutyConfigOf(view().tx)),

    'map.coverage': async () => {
      // Asked first: a site moved since the last answer restarts the worker and drops the cached bands.
      const service = routingFor(sitesNow());
      if (coverage && now() - coverage.at < COVERAGE_TTL_MS) return coverage.value;
      const answer = await service.coverage({ levelsMinutes: [5, 15, 30] });
      const value = { levelsMinutes: answer.levelsMinutes, bands: { type: 'FeatureCollection' as const, features: answer.bands.features as unknown[] } };
      coverage = { at: now(), value };
      return value;
    },
  };

  return {
    handlers,
    /** The live arrival predictions (for the alerts), and their refresh (the backend runs it every ETA_EVERY_MS). */
    etas: () => etas,
    refreshEtas,
    close: async () => {
      await routing?.service.close();
      routing = null;
    },
  };
}
