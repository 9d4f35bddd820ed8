import { useEffect, useState } from 'react';
import type { KpiReport, MethodResult, WallSchedule } from '../../shared/board-api';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import type { WallAlert } from './rotation';
import type { WallRoute } from './wall-layers';

/** The KPI figures without the per-request rows (those are for the CSV export, not the wall). */
export type WallKpi = Omit<KpiReport, 'rows'>;
export type LinkHealth = MethodResult<'link.health'>;

export type WallData = {
  requests: readonly SupplyRequest[];
  /** Dispatch orders en route, soonest arrival first. */
  active: readonly DispatchOrder[];
  /** Live predicted arrival (epoch ms) by dispatch id, re-predicted from where each vehicle is now. */
  etas: ReadonlyMap<string, number>;
  alerts: readonly WallAlert[];
  kpi: WallKpi | null;
  health: LinkHealth | null;
  routes: readonly WallRoute[];
  /** When the last full read succeeded (epoch ms); null before the first. */
  loadedAt: number | null;
};

export const EMPTY_WALL_DATA: WallData = { requests: [], active: [], etas: new Map(), alerts: [], kpi: null, health: null, routes: [], loadedAt: null };

/** Alerts are derived from the clock (a deadline coming up), so they are re-read on a beat too. */
export const WALL_POLL_MS = 10_000;
const DEBOUNCE_MS = 300;
/** A route is the vehicle's remaining way: refresh it now and then as the vehicle moves. */
const ROUTE_REFRESH_MS = 60_000;
/** The wall draws at most this many routes; the rest of a big operation is in the list count. */
export const MAX_ROUTES = 24;
const MAX_OUTAGES = 20;

type RouteEntry = { path: WallRoute['path']; fetchedAt: number };

/**
 * What the wall shows besides the snapshot: requests and dispatches, alerts, this
 * shift's KPIs, link health and the active routes. Re-read when the backend says data,
 * the outbox or alerts changed, when the connection opens, and on a slow beat; one read
 * at a time. Everything kept is replaced, never appended to: bounded for weeks.
 */
export function useWallData(client: BoardClient, now: () => number = Date.now): WallData {
  const [data, setData] = useState<WallData>(EMPTY_WALL_DATA);

  useEffect(() => {
    let disposed = false;
    let running = false;
    let again = false;
    let debounce: ReturnType<typeof setTimeout> | null = null;
    let current = EMPTY_WALL_DATA;
    const routeCache = new Map<string, RouteEntry>();

    const readRoutes = async (active: readonly DispatchOrder[], lateIds: ReadonlySet<string>): Promise<WallRoute[]> => {
      const shown = active.slice(0, MAX_ROUTES);
      const keep = new Set(shown.map((d) => d.id));
      for (const id of [...routeCache.keys()]) if (!keep.has(id)) routeCache.delete(id);
      const t = now();
      await Promise.all(
        shown.map(async (d) => {
          const hit = routeCache.get(d.id);
          if (hit && t - hit.fetchedAt < ROUTE_REFRESH_MS) return;
          try {
            const { path } = await client.call('dispatch.route', { dispatchId: d.id });
            routeCache.set(d.id, { path, fetchedAt: t });
          } catch {
            // Keep the last known route (or none): the list still shows the dispatch.
            if (hit) hit.fetchedAt = t;
          }
        }),
      );
      return shown.flatMap((d) => {
        const r = routeCache.get(d.id);
        return r && r.path.length > 1 ? [{ dispatchId: d.id, path: r.path, late: lateIds.has(d.requestId) }] : [];
      });
    };

    const load = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          if (client.connection() !== 'open') break;
          try {
            const [list, alerts, kpi, health] = await Promise.all([
              client.call('request.list', {}),
              client.call('alert.list', {}),
              client.call('kpi.report', { period: 'shift' }),
              client.call('link.health', {}),
            ]);
            if (disposed) return;
            const etas = new Map(list.etas.map((e) => [e.dispatchId, e.etaAt]));
            const etaOf = (d: DispatchOrder) => etas.get(d.id) ?? d.predictedArrivalAt;
            const active = list.dispatches.filter((d) => d.status === 'enroute').sort((a, b) => etaOf(a) - etaOf(b));
            const requestById = new Map(list.requests.map((r) => [r.id, r]));
            const lateIds = new Set(active.filter((d) => etaOf(d) > (requestById.get(d.requestId)?.deadlineAt ?? Infinity)).map((d) => d.requestId));
            const routes = await readRoutes(active, lateIds);
            if (disposed) return;
            const { rows: _rows, ...figures } = kpi;
            current = {
              requests: list.requests.filter((r) => r.status === 'open' || r.status === 'dispatched'),
              active,
              etas,
              alerts: alerts.alerts,
              kpi: figures,
              health: { ...health, outages: health.outages.slice(0, MAX_OUTAGES) /* newest first */ },
              routes: sameRoutes(current.routes, routes) ? current.routes : routes,
              loadedAt: now(),
            };
            setData(current);
          } catch (error) {
            // The next event or beat reads again; the wall keeps what it has and shows its age.
            if (!disposed) console.warn('[wall] data read failed', error);
          }
        } while (again && !disposed);
      } finally {
        running = false;
      }
    };

    const soon = () => {
      if (debounce) return;
      debounce = setTimeout(() => {
        debounce = null;
        void load();
      }, DEBOUNCE_MS);
    };

    // link.changed comes with every pull; only a change of state adds to the outage history.
    let linkState: string | null = null;
    const offs = [
      client.onConnection((state) => state === 'open' && soon()),
      client.on('data.changed', soon),
      client.on('outbox.changed', soon),
      client.on('alerts.changed', soon),
      // Arrivals re-predicted from live positions: late is said as soon as it is known.
      client.on('dispatch.etasChanged', soon),
      client.on('link.changed', (s) => {
        if (s.state === linkState) return;
        linkState = s.state;
        soon();
      }),
    ];
    const beat = setInterval(() => void load(), WALL_POLL_MS);
    void load();
    return () => {
      disposed = true;
      for (const off of offs) off();
      clearInterval(beat);
      if (debounce) clearTimeout(debounce);
    };
  }, [client, now]);

  return data;
}

function sameRoutes(a: readonly WallRoute[], b: readonly WallRoute[]): boolean {
  return a.length === b.length && a.every((r, i) => r.dispatchId === b[i]!.dispatchId && r.path === b[i]!.path && r.late === b[i]!.late);
}

/**
 * The officer's schedule from the backend (null until one is set), followed live: a wall
 * on another PC changes rotation as soon as the console saves.
 */
export function useWallSchedule(client: BoardClient): WallSchedule | null {
  const [schedule, setSchedule] = useState<WallSchedule | null>(null);
  useEffect(() => {
    let disposed = false;
    const read = () => {
      client.call('wall.schedule', {}).then(
        (r) => !disposed && setSchedule(r.schedule),
        () => {}, // keep what we have; read again on the next connection
      );
    };
    const offs = [client.on('wall.scheduleChanged', (e) => setSchedule(e.schedule)), client.onConnection((s) => s === 'open' && read())];
    if (client.connection() === 'open') read();
    return () => {
      disposed = true;
      for (const off of offs) off();
    };
  }, [client]);
  return schedule;
}

/** The readiness scene's figures (装备完好率, turnout, drone batteries, vehicle service). */
export type WallReadiness = {
  summary: MethodResult<'readiness.summary'>;
  turnout: MethodResult<'readiness.turnout'>;
  batteries: Pick<MethodResult<'readiness.batteries'>, 'count' | 'aged' | 'share' | 'redLine' | 'projectedShare' | 'crossesInDays' | 'level' | 'horizonDays' | 'replaceToHold'>;
  service: Pick<MethodResult<'readiness.service'>, 'vehicles' | 'overdue' | 'dueSoon'>;
  loadedAt: number;
};
/** How often the readiness figures are read again while their scene is on (they move slowly). */
export const WALL_READINESS_POLL_MS = 30_000;

/**
 * The readiness scene's figures, read when the scene comes on and on a slow beat while it
 * stays (not on every pull: the ledger's figures move by the hour, and the wall's other
 * scenes do not need them). The last figures are kept between showings, so the scene never
 * opens blank once it has been read.
 */
export function useWallReadiness(client: BoardClient, active: boolean): WallReadiness | null {
  const [data, setData] = useState<WallReadiness | null>(null);
  useEffect(() => {
    if (!active) return;
    let disposed = false;
    let running = false;
    const load = async () => {
      if (running || client.connection() !== 'open') return;
      running = true;
      try {
        const [summary, turnout, batteries, service] = await Promise.all([
          client.call('readiness.summary', {}),
          client.call('readiness.turnout', {}),
          client.call('readiness.batteries', { limit: 1 }),
          client.call('readiness.service', {}),
        ]);
        if (disposed) return;
        const { count, aged, share, redLine, projectedShare, crossesInDays, level, horizonDays, replaceToHold } = batteries;
        setData({
          summary,
          turnout,
          batteries: { count, aged, share, redLine, projectedShare, crossesInDays, level, horizonDays, replaceToHold },
          service: { vehicles: service.vehicles, overdue: service.overdue, dueSoon: service.dueSoon },
          loadedAt: Date.now(),
        });
      } catch (error) {
        // The next beat reads again; the scene keeps the figures it has.
        if (!disposed) console.warn('[wall] readiness read failed', error);
      } finally {
        running = false;
      }
    };
    const offs = [client.onConnection((s) => s === 'open' && void load())];
    const beat = setInterval(() => void load(), WALL_READINESS_POLL_MS);
    void load();
    return () => {
      disposed = true;
      for (const off of offs) off();
      clearInterval(beat);
    };
  }, [client, active]);
  return data;
}
