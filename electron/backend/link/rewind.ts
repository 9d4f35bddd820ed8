import { CHAINS_MAX, REPLICA_TABLES, type TableSnapshot } from '../../../shared/central-api';
import { getMeta, recordSyncEvent, setMeta, type Db } from '../store/database';
import { createReplicaWriter, forgetHistoryAfter, readChain, readCursor, readHistoryPoints, readKnown } from '../store/replica';
import type { Outbox } from '../store/outbox';
import type { Endpoints } from './endpoints';
import type { CentralError } from './central-client';
import { backoffDelay } from './pusher';
import { errorMessage, type Logger } from '../log';

export type RewindResult = {
  at: number;
  /** The central's code: cursor_ahead, history_diverged or cursor_expired. */
  reason: string;
  /** Our cursor before, and after (the snapshots' point; the next pull goes on from there). */
  fromCursor: number;
  toCursor: number;
  /** The last seq at which the central's history still equals what we saw. */
  forkSeq: number;
  /** Applied commands put back in the queue because the central lost them. */
  requeued: number;
};

const NEEDED_KEY = 'sync.rewind_needed';
const LAST_KEY = 'sync.last_rewind';

/**
 * The central came back with a history that is not the one this cache followed: restored
 * from an older backup, a fresh database, or a backup endpoint that lags the primary. Its
 * cursor may be behind ours, or past it on a different path; either way the change feed
 * from our cursor would skip or mis-apply changes, and commands it answered "applied"
 * before the rewind may be gone from it.
 *
 * What happens, with push and pull stopped:
 *  1. Take a snapshot of every table.
 *  2. Find the fork: the newest point of the central's history we saw (our cursor, and
 *     each applied command's cursor, with their chains) that the central still holds, in
 *     one lookup that also proves every snapshot is of that same history (see below).
 *  3. In one transaction: every command applied after the fork goes back to the queue in
 *     its original place (same id: the central applies an id at most once, so one it did
 *     keep answers as before), and every table is replaced by the snapshots.
 *  4. Push and pull resume; the digests agree once the queue drains.
 *
 * The need survives a restart (stored), so a kill in the middle only repeats the work.
 * HAZARD: commands older than the outbox's retention cannot be re-sent; a central restored
 * from a backup older than that loses them (retention.ts).
 */
export function createRewinder(deps: {
  db: Db;
  outbox: Outbox;
  endpoints: Pick<Endpoints, 'execute'>;
  log: Logger;
  /** Waits until neither a push nor a pull is in flight. */
  quiesce: () => Promise<void>;
  onStart: (reason: string, detail: string) => void;
  onDone: (r: RewindResult) => void;
  onFailed: (message: string) => void;
  /** The scope the snapshots were taken for (multi-level command): the cache's from now on. */
  adoptScope?: (marker: string | undefined) => void;
  random?: () => number;
}) {
  const { db, outbox, log } = deps;
  const writer = createReplicaWriter(db);
  let needed: { reason: string; detail: string; at: number } | null = (() => {
    const raw = getMeta(db, NEEDED_KEY);
    return raw ? (JSON.parse(raw) as { reason: string; detail: string; at: number }) : null;
  })();
  let running: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let stopped = false;
  let count = 0;

  async function once(): Promise<void> {
    const need = needed!;
    deps.onStart(need.reason, need.detail);
    await deps.quiesce();
    const fromCursor = readCursor(db);
    // 1. Snapshots, one table after another.
    const snaps: TableSnapshot[] = [];
    for (const table of REPLICA_TABLES) snaps.push(await deps.endpoints.execute((c) => c.snapshot(table)));
    if (stopped) return;
    // 2. The fork, asked of the history the snapshots came from. The central may have been
    //    swapped again (or the link failed over) between any two of these requests: the
    //    lookup carries the newest snapshot's point as its precondition (refused if that is
    //    not in the central's history any more), and also asks the chain at every snapshot's
    //    point, so all the snapshots and the fork are proven to be of one history. A fork
    //    found in one history and snapshots taken from another would leave commands marked
    //    applied that the snapshots' central never saw: lost without a trace.
    const points = new Map<string, { seq: number; chain: string }>();
    const add = (p: { seq: number; chain: string } | null) => {
      if (p && p.seq > 0) points.set(`${p.seq}:${p.chain}`, p);
    };
    add(readKnown(db));
    const chain = readChain(db);
    if (chain) add({ seq: fromCursor, chain });
    // Pulled points and the points our commands were applied at: the newest of each.
    const half = Math.floor((CHAINS_MAX - snaps.length) / 2) - 1;
    for (const p of readHistoryPoints(db, half)) add(p);
    for (const p of outbox.appliedCandidates(half)) add(p);
    const candidates = [...points.values()].sort((a, b) => b.seq - a.seq).slice(0, CHAINS_MAX - snaps.length);
    const newest = snaps.reduce((a, b) => (b.cursor > a.cursor ? b : a));
    // One scope for all of them: a tree edited, or the officer moved, between two snapshots would mix two scopes.
    const scopes = new Set(snaps.map((s) => s.scope));
    if (scopes.size > 1) throw new Error(`the scope changed while the snapshots were taken (${[...scopes].join(', ')}): again`);
    const theirs = await deps.endpoints.execute((c) => c.chains([...candidates.map((p) => p.seq), ...snaps.map((s) => s.cursor)], { seq: newest.cursor, chain: newest.chain }));
    snaps.forEach((s, i) => {
      if (theirs[candidates.length + i] !== s.chain) {
        throw new Error(`the central's history changed while its snapshots were taken (${s.table} at seq ${s.cursor}): again`);
      }
    });
    // Chains cover everything before them: the newest point that matches is the fork.
    let forkSeq = 0;
    candidates.forEach((p, i) => {
      if (theirs[i] === p.chain && p.seq > forkSeq) forkSeq = p.seq;
    });
    if (stopped) return;
    // 3. One transaction: re-queue what the central lost, replace the tables.
    let requeued = 0;
    db.transaction(() => {
      requeued = outbox.requeueAppliedAfter(forkSeq);
      // Points after the fork are of a history the central no longer holds: forgotten, so
      // that every point kept is of the one history this cache follows from now on.
      forgetHistoryAfter(db, forkSeq);
      writer.replaceAll(snaps);
      deps.adoptScope?.(newest.scope);
      db.prepare('DELETE FROM meta WHERE key = ?').run(NEEDED_KEY);
    })();
    const result: RewindResult = { at: Date.now(), reason: need.reason, fromCursor, toCursor: readCursor(db), forkSeq, requeued };
    setMeta(db, LAST_KEY, JSON.stringify(result));
    recordSyncEvent(
      db,
      'rewind',
      `${need.reason}: cursor ${fromCursor} → ${result.toCursor}; histories part after seq ${forkSeq}; ${requeued} applied command(s) queued again`,
    );
    log('warn', 'sync.rewound', result);
    needed = null;
    failures = 0;
    count++;
    deps.onDone(result);
  }

  function run(): Promise<void> {
    if (running || !needed || stopped) return running ?? Promise.resolve();
    running = once()
      .catch((e: unknown) => {
        failures++;
        const message = errorMessage(e);
        log('warn', 'sync.rewind_failed', { message, failures });
        recordSyncEvent(db, 'rewind_retry', message.slice(0, 500));
        deps.onFailed(message);
        if (!stopped) retryTimer = setTimeout(() => void run(), backoffDelay(failures - 1, deps.random ?? Math.random, { initialDelay: 500, maxDelay: 15_000 }));
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    /** The central refused our view of its history: stop push and pull, re-synchronise. */
    trigger(e: CentralError) {
      if (!needed) {
        needed = { reason: e.centralCode ?? 'history', detail: e.message.slice(0, 500), at: Date.now() };
        setMeta(db, NEEDED_KEY, JSON.stringify(needed));
        recordSyncEvent(db, 'rewind_detected', `${needed.reason}: ${needed.detail}`);
      }
      void run();
    },
    /**
     * Re-synchronise for another scope (an officer of another unit signed in, the tree edited):
     * the same steps, against the same history — nothing is re-queued unless the central lost it.
     */
    rescope(reason: string) {
      if (!needed) {
        needed = { reason, detail: 'the scope this cache holds changed', at: Date.now() };
        setMeta(db, NEEDED_KEY, JSON.stringify(needed));
      }
      void run();
    },
    /** Resume a rewind left unfinished (a restart in the middle of one). */
    resume: () => void run(),
    /** True while push and pull must wait. */
    active: () => needed !== null,
    needed: () => needed,
    last: (): RewindResult | null => {
      const raw = getMeta(db, LAST_KEY);
      return raw ? (JSON.parse(raw) as RewindResult) : null;
    },
    count: () => count,
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}
export type Rewinder = ReturnType<typeof createRewinder>;
