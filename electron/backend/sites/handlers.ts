import { BoardError, type sitesMethods } from '../../../shared/board-api';
import { ack, type CommandIssuer } from '../commands/issue';
import type { Outbox } from '../store/outbox';
import type { ReplicaReader } from '../store/replica';
import { createBoardView } from '../store/view';
import type { HandlersOf } from '../board/handler-types';

/** Depots and quick-pick points: a site's stock as the board shows it, and booking stock in and out. */
export function createSitesHandlers(d: { replica: ReplicaReader; outbox: Outbox; commands: CommandIssuer }): HandlersOf<typeof sitesMethods> {
  return {
    'site.detail': (_ctx, { siteId }) => {
      const site = d.replica.site(siteId);
      if (!site) throw new BoardError('not_found', `no site '${siteId}'`, { site: siteId });
      return { site, stock: createBoardView(d.replica, d.outbox.unreflected()).stockOf(siteId) };
    },
    'stock.list': () => ({ stock: createBoardView(d.replica, d.outbox.unreflected()).stock() }),
    'stock.adjust': (ctx, { siteId, itemId, delta, reason, commandId }) => {
      if (!d.replica.site(siteId)) throw new BoardError('not_found', `no site '${siteId}'`, { site: siteId });
      if (!d.replica.get('item', itemId)) throw new BoardError('unknown_item', `no item '${itemId}'`, { item: itemId });
      return ack(d.commands.issue(ctx, 'stock.adjust', { siteId, itemId, delta, reason }, commandId));
    },
  };
}
