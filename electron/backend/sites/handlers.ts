import { BoardError, type sitesMethods } from '../../../shared/board-api';
import type { PayloadOf } from '../../../shared/commands/registry';
import { ack, type CommandIssuer } from '../commands/issue';
import type { Outbox } from '../store/outbox';
import type { ReplicaReader } from '../store/replica';
import { createBoardView } from '../store/view';
import type { HandlersOf } from '../board/handler-types';

/** [west, south, east, north] of the base map the board draws (map.info). */
export type MapBounds = readonly [number, number, number, number];

/**
 * Depots, quick-pick points and police stations: a site's stock as the board shows it,
 * booking stock in and out, and (administrators) where the sites are.
 */
export function createSitesHandlers(d: { replica: ReplicaReader; outbox: Outbox; commands: CommandIssuer; mapBounds: () => MapBounds }): HandlersOf<typeof sitesMethods> {
  const view = () => createBoardView(d.replica, d.outbox.unreflected());
  /**
   * A site must stand where the board can draw it and the routing can reach it: on the base
   * map. Outside it (a slipped click, lon and lat swapped in a script) it would vanish from
   * the map, and the planner would route to the nearest node at the city's edge.
   */
  const onTheMap = (lon: number, lat: number) => {
    const b = d.mapBounds();
    if (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]) return;
    throw new BoardError('outside_map', `(${lon}, ${lat}) lies outside the base map [${b.join(', ')}]`, {
      lon: lon.toFixed(5),
      lat: lat.toFixed(5),
      bounds: b.map((x) => x.toFixed(3)).join(', '),
    });
  };
  return {
    'site.detail': (_ctx, { siteId }) => {
      const v = view();
      // A site placed a moment ago (queued) opens too, at the place the board shows.
      const site = v.site(siteId);
      if (!site) throw new BoardError('not_found', `no site '${siteId}'`, { site: siteId });
      return { site, stock: v.stockOf(siteId) };
    },
    'stock.list': () => ({ stock: view().stock() }),
    'stock.adjust': (ctx, { siteId, itemId, delta, reason, commandId }) => {
      if (!view().site(siteId)) throw new BoardError('not_found', `no site '${siteId}'`, { site: siteId });
      if (!d.replica.get('item', itemId)) throw new BoardError('unknown_item', `no item '${itemId}'`, { item: itemId });
      return ack(d.commands.issue(ctx, 'stock.adjust', { siteId, itemId, delta, reason }, commandId));
    },
    'site.move': (ctx, { siteId, lon, lat, commandId }) => {
      // The same intent sent again answers the command already queued.
      const again = d.commands.prior(commandId);
      if (again && again.type === 'site.move' && (again.payload as PayloadOf<'site.move'>).siteId === siteId) return ack(again);
      if (!view().site(siteId)) throw new BoardError('not_found', `no site '${siteId}'`, { site: siteId });
      onTheMap(lon, lat);
      return ack(d.commands.issue(ctx, 'site.move', { siteId, lon, lat }, commandId));
    },
    'site.place': (ctx, { commandId, ...site }) => {
      const again = d.commands.prior(commandId);
      if (again && again.type === 'site.place' && (again.payload as PayloadOf<'site.place'>).siteId === site.siteId) return ack(again);
      if (view().site(site.siteId)) throw new BoardError('site_exists', `site id '${site.siteId}' is taken`, { siteId: site.siteId });
      onTheMap(site.lon, site.lat);
      return ack(d.commands.issue(ctx, 'site.place', site, commandId));
    },
  };
}
