import type { ReplicaTable } from './central-api';
import { tableDecl, type RowOf } from './replica/registry';

/**
 * A cheap, order-independent digest of a replica table, computed the same way by the
 * central and by the client: the sum (mod 2^32) of a 32-bit FNV-1a hash of each row's
 * canonical form. Equal tables give equal digests whatever the row order; a missing,
 * extra or different row changes it. Not cryptographic: it detects drift, it does not
 * defend against an attacker (the link is authenticated elsewhere).
 */

/** The declared digest fields (replica/table.ts), in their fixed order, as JSON. */
export function canonicalRow<T extends ReplicaTable>(table: T, row: RowOf<T>): string {
  return JSON.stringify(tableDecl(table).digest(row));
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

export function tableDigest<T extends ReplicaTable>(table: T, rows: Iterable<RowOf<T>>): TableDigest {
  let count = 0;
  let hash = 0;
  for (const row of rows) {
    count++;
    hash = (hash + fnv1a(canonicalRow(table, row))) >>> 0;
  }
  return { count, hash };
}
