import type { StockLine } from '../../../shared/board-api';
import { commandModule, isCommandType } from '../../../shared/commands/registry';
import type { DispatchOrder, Site, Stock, SupplyRequest, Vehicle } from '../../../shared/domain';
import { createOverlay } from '../../../shared/replica/overlay';
import type { ApplyCtx } from '../../../shared/commands/module';
import type { OutboxEntry } from './outbox';
import type { ReplicaReader } from './replica';

/**
 * What the board shows = the central's state (the replica) with the officers' commands
 * that the replica does not reflect yet laid over it, in issue order, each by its own
 * module's rules (shared/replica/overlay.ts). Built per read: the pending commands are few,
 * and a view that is never stored can never go stale.
 */
export function createBoardView(replica: ReplicaReader, unreflected: readonly OutboxEntry[], context: Pick<ApplyCtx, 'units' | 'scopeSettings'> = {}) {
  const overlay = createOverlay({ get: replica.get, where: replica.where });
  overlay.apply(unreflected, context);
  const tx = overlay.tx;
  return {
    tx,
    vehicles: (): Vehicle[] => overlay.rows('vehicle', replica.vehicles()).sort((a, b) => a.no - b.no),
    vehicle: (id: string): Vehicle | undefined => tx.get('vehicle', id),
    /** Every site where the board shows it: a queued move at its new place, a queued new site included (the replica's order, new ones last). */
    sites: (): Site[] => overlay.rows('site', replica.sites()),
    site: (id: string): Site | undefined => tx.get('site', id),
    stock: (): Stock[] => overlay.rows('stock', replica.allStock()),
    /** A site's stock lines with what is queued laid over (a line the queue creates included). */
    stockOf(siteId: string): StockLine[] {
      const lines = replica.stockOf(siteId);
      const shown = lines.map((l) => {
        const s = tx.get('stock', `${siteId}/${l.item.id}`);
        return s ? { ...l, quantity: s.quantity, safetyLevel: s.safetyLevel } : l;
      });
      for (const key of overlay.touched('stock')) {
        const s = tx.get('stock', key);
        if (!s || s.siteId !== siteId || lines.some((l) => l.item.id === s.itemId)) continue;
        const item = tx.get('item', s.itemId);
        if (item) shown.push({ item, quantity: s.quantity, safetyLevel: s.safetyLevel });
      }
      return shown;
    },
    /** Requests still open or en route, and those created since `since`. */
    requests: (since: number): SupplyRequest[] =>
      overlay.rows('request', replica.requests(since), (r) => r.createdAt >= since || r.status === 'open' || r.status === 'dispatched'),
    dispatches: (): DispatchOrder[] => overlay.rows('dispatch', replica.allDispatches()),
    /** Keys of the rows queued commands change, per table (the ledger lays them over its SQL pages). */
    touched: overlay.touched,
  };
}
export type BoardView = ReturnType<typeof createBoardView>;

/** What a command touches, for the "pending upload" marks (its module says). */
export function commandTarget(e: Pick<OutboxEntry, 'type' | 'payload'>): string {
  return isCommandType(e.type) ? commandModule(e.type).target(e.payload as never) : `command:${e.type}`;
}
