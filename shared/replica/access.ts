import type { TableTx } from '../commands/module';
import { TABLES, tableDecl, type RowOf, type TableName } from './registry';
import { replicaSql, upsertValues } from './sql';

/**
 * The little of a SQLite driver the replica access needs (better-sqlite3 fits it). Passed
 * in, so this stays I/O-free and both stores (central and backend) share one implementation.
 */
export type SqlStatement = { run(...params: unknown[]): { changes: number }; get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
export type SqlDb = { prepare(sql: string): SqlStatement };

/** Writes to a database's replica tables so far, per database: what a kept view of them is checked against. */
const writes = new WeakMap<object, number>();
/** How many writes (puts, removes, clears) have gone to this database's replica tables through any access to it. */
export const replicaWrites = (db: object): number => writes.get(db) ?? 0;
/** A write that went round the access (a whole table deleted in SQL): kept views of the database are stale. */
export const noteReplicaWrite = (db: object): void => void writes.set(db, (writes.get(db) ?? 0) + 1);

/**
 * Reads and writes of every replica table, derived from the declarations: the same code
 * serves the central's database and a board's cache. Rows are trusted on the way out
 * (they were validated on the way in: the change feed, a snapshot, a command's schema).
 */
export function createReplicaAccess(db: SqlDb) {
  const prepared = new Map(
    TABLES.map((t) => {
      const sql = replicaSql(t as never);
      const where = new Map<string, SqlStatement>();
      return [
        t.name as TableName,
        {
          sql,
          upsert: db.prepare(sql.upsert),
          remove: db.prepare(sql.remove),
          get: db.prepare(sql.get),
          all: db.prepare(sql.all),
          clear: db.prepare(sql.clear),
          count: db.prepare(sql.count),
          where: (column: string) => {
            let s = where.get(column);
            if (!s) where.set(column, (s = db.prepare(sql.where(column))));
            return s;
          },
        },
      ] as const;
    }),
  );
  const of = (table: TableName) => prepared.get(table)!;
  const parse = <N extends TableName>(r: unknown): RowOf<N> => JSON.parse((r as { row: string }).row) as RowOf<N>;

  const access = {
    get<N extends TableName>(table: N, key: string): RowOf<N> | undefined {
      const r = of(table).get.get(key);
      return r === undefined ? undefined : parse<N>(r);
    },
    /** Writes a row (upsert by its key); `json` when the caller already has it serialised. */
    put<N extends TableName>(table: N, row: RowOf<N>, json?: string): void {
      noteReplicaWrite(db);
      of(table).upsert.run(...upsertValues(tableDecl(table), row, json));
    },
    remove(table: TableName, key: string): boolean {
      noteReplicaWrite(db);
      return of(table).remove.run(key).changes > 0;
    },
    where<N extends TableName>(table: N, column: string, value: string | number): RowOf<N>[] {
      return of(table).where(column).all(value).map((r) => parse<N>(r));
    },
    all<N extends TableName>(table: N): RowOf<N>[] {
      return of(table).all.all().map((r) => parse<N>(r));
    },
    count(table: TableName): number {
      return (of(table).count.get() as { n: number }).n;
    },
    clear(table: TableName): void {
      noteReplicaWrite(db);
      of(table).clear.run();
    },
  };
  return access;
}
export type ReplicaAccess = ReturnType<typeof createReplicaAccess>;

/** A TableTx straight on the store (the central applying a command). */
export function storeTx(access: ReplicaAccess, onPut: <N extends TableName>(table: N, row: RowOf<N>) => void): TableTx {
  return {
    get: (table, key) => access.get(table, key),
    put: (table, row) => onPut(table, row),
    where: (table, column, value) => access.where(table, column, value),
  };
}
