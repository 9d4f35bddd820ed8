import type { TableDecl } from './table';

/**
 * The SQL both stores (central/store.ts, electron/backend/store/replica.ts) run on a
 * replica table, derived from its declaration. Identifiers come from the declarations
 * (checked by defineTable), never from input; values are always bound parameters.
 */
export function replicaSql(t: TableDecl) {
  const cols = Object.keys(t.columns);
  const names = ['key', 'row', ...cols];
  return {
    /** The table as a migration creates it, and one index per declared column. */
    create: [
      `CREATE TABLE ${t.name} (key TEXT PRIMARY KEY, row TEXT NOT NULL${cols.map((c) => `, ${c} ${t.columns[c]!.type}`).join('')}) STRICT`,
      ...cols.map((c) => `CREATE INDEX ${t.name}_${c} ON ${t.name} (${c})`),
    ],
    upsert: `INSERT INTO ${t.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
      ON CONFLICT (key) DO UPDATE SET ${names.slice(1).map((n) => `${n} = excluded.${n}`).join(', ')}`,
    remove: `DELETE FROM ${t.name} WHERE key = ?`,
    get: `SELECT row FROM ${t.name} WHERE key = ?`,
    all: `SELECT row FROM ${t.name} ORDER BY key`,
    count: `SELECT COUNT(*) AS n FROM ${t.name}`,
    clear: `DELETE FROM ${t.name}`,
    where: (column: string) => {
      if (!cols.includes(column)) throw new Error(`table ${t.name} has no column '${column}'`);
      return `SELECT row FROM ${t.name} WHERE ${column} = ? ORDER BY key`;
    },
  };
}

/** The bound values of an upsert: key, row JSON, then the declared columns in order. */
export function upsertValues<Row>(t: TableDecl<string, Row>, row: Row, json = JSON.stringify(row)): (string | number | null)[] {
  return [t.key(row), json, ...Object.values(t.columns).map((c) => c.of(row))];
}
