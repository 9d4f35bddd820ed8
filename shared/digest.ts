import type { DispatchOrder, ItemType, Site, Stock, SupplyRequest, Vehicle } from './domain';
import type { ReplicaTable } from './central-api';

/**
 * A cheap, order-independent digest of a replica table, computed the same way by the
 * central and by the client: the sum (mod 2^32) of a 32-bit FNV-1a hash of each row's
 * canonical form. Equal tables give equal digests whatever the row order; a missing,
 * extra or different row changes it. Not cryptographic: it detects drift, it does not
 * defend against an attacker (the link is authenticated elsewhere).
 */

type RowOf = { site: Site; item: ItemType; stock: Stock; vehicle: Vehicle; request: SupplyRequest; dispatch: DispatchOrder };

/** Fixed field order, so both sides serialise a row identically. */
export function canonicalRow<T extends ReplicaTable>(table: T, row: RowOf[T]): string {
  switch (table) {
    case 'site': {
      const r = row as Site;
      return JSON.stringify([r.id, r.kind, r.name, r.nameEn, r.address, r.lon, r.lat]);
    }
    case 'item': {
      const r = row as ItemType;
      return JSON.stringify([r.id, r.name, r.nameEn, r.unit, r.unitEn, r.category]);
    }
    case 'stock': {
      const r = row as Stock;
      return JSON.stringify([r.siteId, r.itemId, r.quantity, r.safetyLevel]);
    }
    case 'vehicle': {
      const r = row as Vehicle;
      return JSON.stringify([r.id, r.no, r.plate, r.kind, r.status, r.crew, r.homeSiteId, r.capacity]);
    }
    case 'request': {
      const r = row as SupplyRequest;
      const d = r.destination;
      return JSON.stringify([r.id, d.lon, d.lat, d.label, r.items.map((i) => [i.itemId, i.quantity]), r.priority, r.requester, r.note, r.createdAt, r.deadlineAt, r.status, r.deliveredAt]);
    }
    case 'dispatch': {
      const r = row as DispatchOrder;
      return JSON.stringify([r.id, r.requestId, r.vehicleId, r.pickups.map((p) => [p.siteId, p.itemId, p.quantity]), r.siteIds, r.predictedArrivalAt, r.status, r.createdAt, r.pickedUpAt, r.deliveredAt]);
    }
  }
  throw new Error(`unknown table ${String(table)}`);
}

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export type TableDigest = { count: number; hash: number };

export function tableDigest<T extends ReplicaTable>(table: T, rows: Iterable<RowOf[T]>): TableDigest {
  let count = 0;
  let hash = 0;
  for (const row of rows) {
    count++;
    hash = (hash + fnv1a(canonicalRow(table, row))) >>> 0;
  }
  return { count, hash };
}
