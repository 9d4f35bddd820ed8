import type { ApplyCtx, TableTx } from '../commands/module';
import { commandModule, isCommandType } from '../commands/registry';
import { tableDecl, type RowOf, type TableName } from './registry';

type Base = Pick<TableTx, 'get' | 'where'>;

/**
 * What a board shows: its replica (an exact mirror of the central) with the commands the
 * mirror does not reflect yet laid over it, each by its own module's rules (the same ones
 * the central runs). Writes are kept aside, never written to the replica: a refusal by the
 * central needs no undo, and once the mirror reflects a command it simply stops being laid
 * over, so nothing counts twice.
 */
export function createOverlay(base: Base) {
  const puts = new Map<TableName, Map<string, unknown>>();
  const tableOf = (t: TableName) => {
    let m = puts.get(t);
    if (!m) puts.set(t, (m = new Map()));
    return m;
  };
  const matches = (table: TableName, column: string, value: string | number, row: unknown) => tableDecl(table).columns[column]!.of(row as never) === value;

  const layer = (parent: Base & { put: TableTx['put'] }, own: Map<TableName, Map<string, unknown>>): TableTx => ({
    get: (table, key) => (own.get(table)?.has(key) ? (own.get(table)!.get(key) as never) : parent.get(table, key)),
    put: (table, row) => {
      let m = own.get(table);
      if (!m) own.set(table, (m = new Map()));
      m.set(tableDecl(table).key(row), row);
    },
    where: (table, column, value) => {
      const mine = own.get(table);
      const below = parent.where(table, column, value);
      if (!mine || mine.size === 0) return below;
      const out = below.filter((r) => !mine.has(tableDecl(table).key(r)));
      for (const row of mine.values()) if (matches(table, column, value, row)) out.push(row as never);
      return out;
    },
  });

  const root: TableTx = layer({ get: base.get, where: base.where, put: () => {} }, puts);

  return {
    tx: root,
    /**
     * Lays commands over the view, in issue order. A command the view refuses (the central
     * will refuse it too) has no effect; its writes so far are dropped with it. `context`: the
     * command tree the board holds, so that an order needing approval shows as waiting at once.
     */
    apply(commands: readonly { type: string; payload: unknown; issuedAt: number; id?: string; actor?: { username: string } | null }[], context: Pick<ApplyCtx, 'units' | 'scopeSettings'> = {}): { refused: number } {
      let refused = 0;
      for (const c of commands) {
        if (!isCommandType(c.type)) continue;
        const scratch = new Map<TableName, Map<string, unknown>>();
        const tx = layer(root as Base & { put: TableTx['put'] }, scratch);
        const r = commandModule(c.type).apply(tx, c.payload as never, { ...context, at: c.issuedAt, by: c.actor?.username ?? 'system', ...(c.id ? { commandId: c.id } : {}) });
        if (!r.ok) {
          refused++;
          continue;
        }
        for (const [t, rows] of scratch) for (const [k, row] of rows) tableOf(t).set(k, row);
      }
      return { refused };
    },
    /**
     * A list as the board shows it: `rows` from the replica, each replaced by its laid-over
     * version, plus laid-over rows the replica does not have that `keep` accepts (rows of
     * a query: requests of the last day, say).
     */
    rows<N extends TableName>(table: N, rows: readonly RowOf<N>[], keep: (row: RowOf<N>) => boolean = () => true): RowOf<N>[] {
      const mine = puts.get(table) as Map<string, RowOf<N>> | undefined;
      if (!mine || mine.size === 0) return [...rows];
      const key = tableDecl(table).key;
      const seen = new Set<string>();
      const out = rows.map((r) => {
        const k = key(r);
        seen.add(k);
        return mine.get(k) ?? r;
      });
      for (const [k, row] of mine) if (!seen.has(k) && keep(row)) out.push(row);
      return out;
    },
    /**
     * A layer of its own over the view: what is put through it stays in it (a command tried
     * on the view to see whether it would pass), so the view itself can be kept for later reads.
     */
    fork: (): TableTx => layer(root as Base & { put: TableTx['put'] }, new Map()),
    /** Keys of rows the overlay changed, per table. */
    touched: (table: TableName): ReadonlySet<string> => new Set(puts.get(table)?.keys() ?? []),
  };
}
export type Overlay = ReturnType<typeof createOverlay>;
