import type { StockLine } from '../../../shared/board-api';
import { commandModule, isCommandType } from '../../../shared/commands/registry';
import type { DispatchOrder, Site, Stock, SupplyRequest, Vehicle } from '../../../shared/domain';
import { createOverlay, type Overlay } from '../../../shared/replica/overlay';
import type { ApplyCtx } from '../../../shared/commands/module';
import type { OutboxEntry } from './outbox';
import type { ReplicaReader } from './replica';

/** A kept overlay: the replica's write count it was built at, and the ids of the commands laid over, in order. */
type Kept = { writes: number; ids: string[]; overlay: Overlay };
const kept = new WeakMap<ReplicaReader, Map<string, Kept>>();
const treeIds = new WeakMap<object, number>();
let nextTreeId = 1;
const contextKey = (c: Pick<ApplyCtx, 'units' | 'scopeSettings'>): string => {
  let tree = 0;
  if (c.units) {
    tree = treeIds.get(c.units) ?? nextTreeId++;
    treeIds.set(c.units, tree);
  }
  return `${tree}|${c.scopeSettings ? JSON.stringify(c.scopeSettings) : ''}`;
};
/** Contexts kept per replica (the views with and without the command tree, a setting changed). */
const KEPT_CONTEXTS = 4;

/**
 * The overlay of these commands on the replica, kept from the last read where it can be:
 * while nothing was written to the replica and the commands are the kept ones with more
 * after them (an officer issued some), only the new ones are laid over. Anything else (a page
 * pulled, a command refused or requeued, another officer's queue shown) builds it afresh. A
 * command's effect on the view depends only on the replica, the commands before it and
 * itself (its id, type, payload, time and issuer never change), so the kept overlay is the
 * one a fresh build would make. Without this each read re-ran the whole queue: an officer
 * with 1,500 commands queued offline waited seconds for each new one (the chaos test's
 * clients stopped answering).
 */
function overlayFor(replica: ReplicaReader, unreflected: readonly OutboxEntry[], context: Pick<ApplyCtx, 'units' | 'scopeSettings'>): Overlay {
  const writes = replica.writes();
  let byContext = kept.get(replica);
  if (!byContext) kept.set(replica, (byContext = new Map()));
  const key = contextKey(context);
  const k = byContext.get(key);
  if (k && k.writes === writes && k.ids.length <= unreflected.length && k.ids.every((id, i) => unreflected[i]!.id === id)) {
    const added = unreflected.slice(k.ids.length);
    if (added.length > 0) {
      k.overlay.apply(added, context);
      for (const e of added) k.ids.push(e.id);
    }
    return k.overlay;
  }
  const overlay = createOverlay({ get: replica.get, where: replica.where });
  overlay.apply(unreflected, context);
  byContext.delete(key);
  byContext.set(key, { writes, ids: unreflected.map((e) => e.id), overlay });
  if (byContext.size > KEPT_CONTEXTS) byContext.delete(byContext.keys().next().value!);
  return overlay;
}

/**
 * What the board shows = the central's state (the replica) with the officers' commands
 * that the replica does not reflect yet laid over it, in issue order, each by its own
 * module's rules (shared/replica/overlay.ts). The overlay is kept between reads while it is
 * still the one a fresh build would make (`overlayFor`); each view's `tx` is a layer of its
 * own, so a command tried on it (a check before queuing) never reaches the kept overlay.
 */
export function createBoardView(replica: ReplicaReader, unreflected: readonly OutboxEntry[], context: Pick<ApplyCtx, 'units' | 'scopeSettings'> = {}) {
  const overlay = overlayFor(replica, unreflected, context);
  const tx = overlay.fork();
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
