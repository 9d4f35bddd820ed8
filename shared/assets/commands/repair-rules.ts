import type { TableTx } from '../../commands/module';
import type { AssetEvent, Repair } from '../schema';
import { timelineSlot } from '../tables';

/** A request still in play: filed (awaiting a supervisor), approved (not yet acted on), or out in repair. */
export const isOpenRepair = (r: Pick<Repair, 'status'>): boolean => r.status === 'filed' || r.status === 'approved' || r.status === 'in_repair';

/** The open requests for an asset or a vehicle (by its id). */
export const openRepairsOf = (tx: Pick<TableTx, 'where'>, targetId: string): Repair[] => tx.where('repair', 'target_id', targetId).filter(isOpenRepair);

/** One step into an asset's timeline (its ring of TIMELINE_KEPT slots, tables.ts). */
export function recordEvent(tx: TableTx, e: Omit<AssetEvent, 'id'>): void {
  const id = timelineSlot(e.assetId, tx.where('asset_event', 'asset_id', e.assetId));
  tx.put('asset_event', { id, ...e });
}
