import { REPLICA_TABLES, type ReplicaTable } from '../../../shared/central-api';
import { tableDigest } from '../../../shared/digest';
import type { Endpoints } from './endpoints';
import { recordSyncEvent, type Db } from '../store/database';
import { CentralError } from './central-client';
import { createReplicaWriter, readCursor, readTableSeq, type ReplicaReader } from '../store/replica';
import { errorMessage, type Logger } from '../log';

export type ReconcileResult = { table: ReplicaTable; result: 'match' | 'resynced' | 'skipped'; detail: string };

/**
 * Automatic reconciliation (what the client's documents did by hand): compare each
 * replica table's digest with the central's; a table that drifted is replaced by the
 * central's copy and the event recorded. A table is compared only when the client has
 * applied exactly the central's newest change of it, so both digests describe the same
 * state; otherwise it is skipped this round.
 */
export function createReconciler(deps: {
  db: Db;
  endpoints: Endpoints;
  replica: ReplicaReader;
  log: Logger;
  onResynced: (tables: ReplicaTable[]) => void;
  /** The scope marker the cache holds (link/scope.ts): a digest of another scope compares nothing. */
  scopeHeld?: () => string | undefined;
}) {
  const { db, endpoints, replica, log } = deps;
  const writer = createReplicaWriter(db);
  const rowsOf = (t: ReplicaTable): unknown[] => replica.all(t);
  let running: Promise<ReconcileResult[]> | null = null;

  async function once(): Promise<ReconcileResult[]> {
    const remote = await endpoints.execute((c) => c.digest());
    const results: ReconcileResult[] = [];
    const resynced: ReplicaTable[] = [];
    const held = deps.scopeHeld?.();
    if (remote.scope !== undefined && held !== undefined && remote.scope !== held) {
      return REPLICA_TABLES.map((table) => ({ table, result: 'skipped' as const, detail: `the central's digest is of scope ${remote.scope}, the cache holds ${held}` }));
    }
    for (const table of REPLICA_TABLES) {
      const theirs = remote.tables[table];
      const mySeq = readTableSeq(db, table);
      if (mySeq !== theirs.lastSeq) {
        results.push({ table, result: 'skipped', detail: `not at the same point (local ${mySeq}, central ${theirs.lastSeq})` });
        continue;
      }
      const mine = tableDigest(table, rowsOf(table) as never);
      if (mine.count === theirs.count && mine.hash === theirs.hash) {
        results.push({ table, result: 'match', detail: `${mine.count} rows` });
        continue;
      }
      const snap = await endpoints.execute((c) => c.snapshot(table));
      // A snapshot older than what we already pulled would roll newer rows back.
      if (snap.cursor < readCursor(db)) {
        results.push({ table, result: 'skipped', detail: 'snapshot older than the cache; next round' });
        continue;
      }
      writer.replaceTable(snap);
      const detail = `local ${mine.count} rows #${mine.hash.toString(16)} ≠ central ${theirs.count} rows #${theirs.hash.toString(16)}; replaced with ${snap.rows.length} rows`;
      log('warn', 'reconcile.resynced', { table, detail });
      recordSyncEvent(db, 'reconcile_resynced', `${table}: ${detail}`);
      results.push({ table, result: 'resynced', detail });
      resynced.push(table);
    }
    if (resynced.length > 0) deps.onResynced(resynced);
    return results;
  }

  return {
    /** One round; concurrent calls share it. Link failures are logged and answered with no results. */
    run(): Promise<ReconcileResult[]> {
      running ??= once()
        .catch((e) => {
          log('warn', 'reconcile.failed', { message: errorMessage(e) });
          // A digest or snapshot that fails its schema is the central's fault, worth keeping; a down link is not news here.
          if (e instanceof CentralError && e.code === 'malformed') recordSyncEvent(db, 'digest_rejected', errorMessage(e));
          return [];
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}
