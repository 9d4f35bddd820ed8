import type { z } from 'zod';

/**
 * A replica table: one declaration of what the central and every board keep of it. The
 * stores (central and backend), the change feed, the snapshots and the digests are all
 * derived from it; adding a table is a declaration, one migration on each side, and its
 * entry in the registry (replica/registry.ts), which a test checks for every part.
 *
 * Storage on both sides is `(key TEXT PRIMARY KEY, row TEXT NOT NULL, <columns>) STRICT`:
 * the validated row as JSON, plus the columns named in `columns`, filled from the row on
 * every write so queries can filter and index on them.
 */
export type TableDecl<Name extends string = string, Row = unknown> = {
  name: Name;
  /** Every row entering a store or crossing a boundary is checked against this. */
  schema: z.ZodType<Row>;
  /** The primary key as the change feed carries it ('siteId/itemId' for stock). */
  key(row: Row): string;
  /** Indexed columns: their SQLite type and how each is read off the row (SQL identifiers, fixed). */
  columns: Readonly<Record<string, Column<Row>>>;
  /**
   * The fields that enter the digest, in a fixed order, so the central and the client
   * serialise a row identically (shared/digest.ts). Every field of the row belongs here.
   */
  digest(row: Row): unknown[];
  /** Most rows one snapshot may carry. */
  maxRows: number;
};

export type Column<Row> = { type: 'TEXT' | 'INTEGER' | 'REAL'; of: (row: Row) => string | number | null };

export function defineTable<Name extends string, Row>(decl: TableDecl<Name, Row>): TableDecl<Name, Row> {
  for (const c of Object.keys(decl.columns)) {
    if (!/^[a-z][a-z0-9_]*$/.test(c) || c === 'key' || c === 'row') throw new Error(`table ${decl.name}: column '${c}' is not a plain identifier`);
  }
  return decl;
}
