import { BoardError, wallScheduleSchema, type BoardMethod, type MethodArg, type MethodResult, type Outage, type OutboxEntryView, type WallSchedule } from '../../../shared/board-api';
import type { ReplicaReader } from '../store/replica';
import type { createPositionStore } from '../store/positions';
import { TRAIL_WINDOW_MS } from '../store/positions';
import type { LinkMonitor } from '../sync/link';
import type { BaseMap } from '../map/basemap';
import type { Outbox, OutboxEntry } from '../store/outbox';
import { commandTarget, overlayStockLines, overlayVehicles } from '../store/view';
import type { Endpoints } from '../sync/endpoints';

/** Each method takes one validated argument and answers one value (STYLE.md, habit 2). */
export type Handlers = { [M in BoardMethod]: (arg: MethodArg<M>) => MethodResult<M> | Promise<MethodResult<M>> };

export type HandlerDeps = {
  replica: ReplicaReader;
  positions: ReturnType<typeof createPositionStore>;
  link: LinkMonitor;
  baseMap: BaseMap;
  outbox: Outbox;
  endpoints: Endpoints;
  outages: () => Outage[];
  reconciliation: () => MethodResult<'link.health'>['reconciliation'];
  lastRewind: () => MethodResult<'link.health'>['lastRewind'];
  events: () => MethodResult<'link.health'>['events'];
  /** The demo build: the link-cut control exists. */
  demo: boolean;
  /** After a command is queued or a conflict resolved: wake the pusher, tell the renderers. */
  commandsChanged: () => void;
  setCut: (cut: boolean) => void;
  settings: { get(key: string): string | undefined; set(key: string, value: string): void };
  onWallSchedule: (schedule: WallSchedule) => void;
  /** Emergency supply dispatch, declared beside its code (dispatch/handlers.ts). */
  dispatch: Pick<Handlers, 'dispatch.plan' | 'request.create' | 'dispatch.accept' | 'dispatch.confirmDelivery' | 'dispatch.confirmPickup' | 'request.list' | 'dispatch.route' | 'kpi.report' | 'map.coverage' | 'alert.list' | 'alert.acknowledge'>;
};

/** What the board draws first: all from the local cache, so it works with the link down. */
function boardHandlers(d: HandlerDeps): Pick<Handlers, 'board.snapshot'> {
  return {
    'board.snapshot': () => {
      const pending = d.outbox.unreflected();
      return {
        sites: d.replica.sites(),
        items: d.replica.items(),
        vehicles: overlayVehicles(d.replica.vehicles(), pending),
        positions: d.positions.latest(),
        link: d.link.status(),
        pending: pending.filter((e) => e.state === 'pending').map((e) => ({ commandId: e.id, type: e.type, target: commandTarget(e), outcomeUnknown: e.unknownSince !== null })),
      };
    },
  };
}

function siteHandlers(d: HandlerDeps): Pick<Handlers, 'site.detail' | 'stock.adjust'> {
  return {
    'site.detail': ({ siteId }) => {
      const site = d.replica.site(siteId);
      if (!site) throw new BoardError('not_found', `no site '${siteId}'`);
      return { site, stock: overlayStockLines(siteId, d.replica.stockOf(siteId), d.outbox.unreflected()) };
    },
    'stock.adjust': ({ siteId, itemId, delta, reason, commandId }) => {
      if (!d.replica.site(siteId)) throw new BoardError('not_found', `no site '${siteId}'`);
      if (!d.replica.items().some((i) => i.id === itemId)) throw new BoardError('not_found', `no item '${itemId}'`);
      const cmd = d.outbox.enqueue('stock.adjust', { siteId, itemId, delta, reason }, commandId);
      d.commandsChanged();
      return { commandId: cmd.id, issuedAt: cmd.issuedAt };
    },
  };
}

function vehicleHandlers(d: HandlerDeps): Pick<Handlers, 'vehicle.detail' | 'vehicle.setStatus'> {
  return {
    'vehicle.detail': ({ vehicleId }) => {
      const found = d.replica.vehicle(vehicleId);
      if (!found) throw new BoardError('not_found', `no vehicle '${vehicleId}'`);
      const [vehicle] = overlayVehicles([found], d.outbox.unreflected());
      const position = d.positions.latestOf(found.no);
      const trail = position ? d.positions.trailOf(found.no, position.ts - TRAIL_WINDOW_MS) : [];
      return { vehicle: vehicle!, position, trail };
    },
    'vehicle.setStatus': ({ vehicleId, status, commandId }) => {
      if (!d.replica.vehicle(vehicleId)) throw new BoardError('not_found', `no vehicle '${vehicleId}'`);
      const cmd = d.outbox.enqueue('vehicle.setStatus', { vehicleId, status }, commandId);
      d.commandsChanged();
      return { commandId: cmd.id, issuedAt: cmd.issuedAt };
    },
  };
}

function linkHandlers(d: HandlerDeps): Pick<Handlers, 'link.status' | 'link.health' | 'link.setCut'> {
  return {
    'link.status': () => d.link.status(),
    'link.health': () => ({
      status: d.link.status(),
      endpoints: d.endpoints.status(),
      outages: d.outages(),
      reconciliation: d.reconciliation(),
      lastRewind: d.lastRewind(),
      events: d.events(),
      queue: d.outbox.nextBatch(200).map(entryView),
      demo: d.demo,
    }),
    'link.setCut': ({ cut }) => {
      d.setCut(cut);
      return d.link.status();
    },
  };
}

/** A command as the board shows it. */
const entryView = (e: OutboxEntry): OutboxEntryView => ({
  id: e.id,
  type: e.type,
  payload: e.payload as Record<string, unknown>,
  issuedAt: e.issuedAt,
  state: e.state,
  outcomeUnknown: e.state === 'pending' && e.unknownSince !== null,
  resent: e.resent,
  attempts: e.attempts,
  lastError: e.lastError,
});

function outboxHandlers(d: HandlerDeps): Pick<Handlers, 'outbox.list' | 'conflict.list' | 'conflict.resolve'> {
  const view = <T extends { payload: unknown }>(e: T) => ({ ...e, payload: e.payload as Record<string, unknown> });
  return {
    'outbox.list': () => ({ entries: d.outbox.recent(12 * 3600_000).map(entryView) }),
    'conflict.list': () => ({ conflicts: d.outbox.conflicts().map(view) }),
    'conflict.resolve': ({ conflictId, resolution }) => {
      const c = d.outbox.conflict(conflictId);
      if (!c) throw new BoardError('not_found', `no conflict ${conflictId}`);
      if (c.resolvedAt !== null) throw new BoardError('bad_request', `conflict ${conflictId} was already resolved`);
      const reissued = d.outbox.resolveConflict(conflictId, resolution);
      d.commandsChanged();
      return { reissuedCommandId: reissued?.id ?? null };
    },
  };
}

/** The wall's schedule lives in the backend, so a wall on another PC (browser host) gets what the console set. */
function wallHandlers(d: HandlerDeps): Pick<Handlers, 'wall.schedule' | 'wall.setSchedule'> {
  const KEY = 'wall.schedule';
  return {
    'wall.schedule': () => {
      const raw = d.settings.get(KEY);
      if (!raw) return { schedule: null };
      const parsed = wallScheduleSchema.safeParse(JSON.parse(raw));
      return { schedule: parsed.success ? parsed.data : null };
    },
    'wall.setSchedule': (schedule) => {
      d.settings.set(KEY, JSON.stringify(schedule));
      d.onWallSchedule(schedule);
      return { schedule };
    },
  };
}

function mapHandlers(d: HandlerDeps): Pick<Handlers, 'map.info' | 'map.tile'> {
  return {
    'map.info': () => d.baseMap.info(),
    'map.tile': ({ z, x, y }) => {
      const tile = d.baseMap.tile(z, x, y);
      return { data: tile ? tile.toString('base64') : null };
    },
  };
}

export function createHandlers(d: HandlerDeps): Handlers {
  return {
    ...boardHandlers(d),
    ...siteHandlers(d),
    ...vehicleHandlers(d),
    ...linkHandlers(d),
    ...outboxHandlers(d),
    ...mapHandlers(d),
    ...wallHandlers(d),
    ...d.dispatch,
    // Transitional (this commit only): the cancel commands arrive with the command modules.
    'request.cancel': () => {
      throw new BoardError('unavailable', 'request.cancel is not served yet');
    },
    'dispatch.cancel': () => {
      throw new BoardError('unavailable', 'dispatch.cancel is not served yet');
    },
  };
}
