import { BoardError, type BoardMethod, type MethodArg, type MethodResult } from '../../../shared/board-api';
import type { ReplicaReader } from '../store/replica';
import type { createPositionStore } from '../store/positions';
import { TRAIL_WINDOW_MS } from '../store/positions';
import type { LinkMonitor } from '../sync/link';
import type { BaseMap } from '../map/basemap';

/** Each method takes one validated argument and answers one value (STYLE.md, habit 2). */
export type Handlers = { [M in BoardMethod]: (arg: MethodArg<M>) => MethodResult<M> | Promise<MethodResult<M>> };

export type HandlerDeps = {
  replica: ReplicaReader;
  positions: ReturnType<typeof createPositionStore>;
  link: LinkMonitor;
  baseMap: BaseMap;
};

/** What the board draws first: all from the local cache, so it works with the link down. */
function boardHandlers(d: HandlerDeps): Pick<Handlers, 'board.snapshot'> {
  return {
    'board.snapshot': () => ({
      sites: d.replica.sites(),
      items: d.replica.items(),
      vehicles: d.replica.vehicles(),
      positions: d.positions.latest(),
      link: d.link.status(),
    }),
  };
}

function siteHandlers(d: HandlerDeps): Pick<Handlers, 'site.detail'> {
  return {
    'site.detail': ({ siteId }) => {
      const site = d.replica.site(siteId);
      if (!site) throw new BoardError('not_found', `no site '${siteId}'`);
      return { site, stock: d.replica.stockOf(siteId) };
    },
  };
}

function vehicleHandlers(d: HandlerDeps): Pick<Handlers, 'vehicle.detail'> {
  return {
    'vehicle.detail': ({ vehicleId }) => {
      const vehicle = d.replica.vehicle(vehicleId);
      if (!vehicle) throw new BoardError('not_found', `no vehicle '${vehicleId}'`);
      const position = d.positions.latestOf(vehicle.no);
      const trail = position ? d.positions.trailOf(vehicle.no, position.ts - TRAIL_WINDOW_MS) : [];
      return { vehicle, position, trail };
    },
  };
}

function linkHandlers(d: HandlerDeps): Pick<Handlers, 'link.status'> {
  return { 'link.status': () => d.link.status() };
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
  return { ...boardHandlers(d), ...siteHandlers(d), ...vehicleHandlers(d), ...linkHandlers(d), ...mapHandlers(d) };
}
