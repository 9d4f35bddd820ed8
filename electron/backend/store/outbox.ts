import { randomUUID } from 'node:crypto';
import { commandSchema, type Command, type CommandResult } from '../../../shared/central-api';
import type { Actor } from '../../../shared/auth/schema';
import type { Db } from './database';
import { readCursor, writeKnownIfNewer } from './replica';

export type OutboxState = 'pending' | 'applied' | 'rejected';
export type OutboxEntry = {
  seq: number;
  id: string;
  type: Command['type'];
  payload: Command['payload'];
  issuedAt: number;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  appliedCursor: number | null;
  appliedChain: string | null;
  /** Pending, and the last answer was unreadable: the central may or may not have applied it. */
  unknownSince: number | null;
  /** Times it went back to the queue because the central lost it (a rewind). */
  resent: number;
  /** Who issued it (null: the workstation's own 'system' actor). */
  actor: Actor | null;
};
export type ConflictEntry = {
  id: number;
  commandId: string;
  type: Command['type'];
  payload: Command['payload'];
  issuedAt: number;
  code: string;
  reason: string;
  serverRow: unknown;
  createdAt: number;
  resolvedAt: number | null;
  resolution: 'discarded' | 'reissued' | null;
};

/** A command id sent again with a different action: a caller bug, refused before anything is stored. */
export class CommandIdReusedError extends Error {
  readonly code = 'command_id_reused';
}

type Row = {
  seq: number; id: string; type: string; payload: string; issued_at: number; state: OutboxState;
  attempts: number; last_error: string | null; applied_cursor: number | null; applied_chain: string | null;
  unknown_since: number | null; resent: number; actor: string | null;
};
const toEntry = (r: Row): OutboxEntry => ({
  seq: r.seq, id: r.id, type: r.type as Command['type'], payload: JSON.parse(r.payload) as Command['payload'],
  issuedAt: r.issued_at, state: r.state, attempts: r.attempts, lastError: r.last_error, appliedCursor: r.applied_cursor,
  appliedChain: r.applied_chain, unknownSince: r.unknown_since, resent: r.resent, actor: r.actor ? (JSON.parse(r.actor) as Actor) : null,
});
export const toCommand = (e: Pick<OutboxEntry, 'id' | 'type' | 'payload' | 'issuedAt'> & { actor?: Actor | null }): Command =>
  commandSchema.parse({ id: e.id, type: e.type, payload: e.payload, issuedAt: e.issuedAt, ...(e.actor ? { actor: e.actor } : {}) });

/**
 * The outbox: officers' commands waiting for (or answered by) the central.
 *
 * Local effects are not written into the replica tables: the replica stays an exact
 * mirror of the central, and what the board shows is the mirror with every command
 * the mirror does not reflect yet laid over it (`unreflected`). A command is
 * unreflected while pending, or applied at a change seq the mirror has not pulled yet.
 * So enqueueing the command IS its optimistic effect (one transaction), a rejection
 * removes the effect without any undo, and nothing is ever counted twice once the
 * central's answer is known.
 *
 * A command keeps its id for life: retries after an unreadable answer, and re-sends after
 * the central lost it (rewind), use the same id, which the central applies at most once.
 * Only the officer's explicit "issue again" on a real refusal makes a new id.
 */
/**
 * `onRefused`: the central refused a command for good (in recordResults' transaction): the
 * backend writes it into the officer's audit chain, so a refusal (out of scope, a rule) is on
 * record where the action was.
 */
export function createOutbox(db: Db, now: () => number = Date.now, hooks: { onRefused?: (e: OutboxEntry, code: string, reason: string) => void; shown?: () => ((e: OutboxEntry) => boolean) | null } = {}) {
  const insert = db.prepare(`INSERT INTO outbox (id, type, payload, issued_at, state, updated_at, actor) VALUES (?, ?, ?, ?, 'pending', ?, ?)`);
  const nextBatch = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`);
  const byId = db.prepare(`SELECT * FROM outbox WHERE id = ?`);
  const unreflected = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' OR (state = 'applied' AND applied_cursor > ?) ORDER BY seq`);
  const pendingCount = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`);
  const unknownCount = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending' AND unknown_since IS NOT NULL`);
  const recent = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' OR updated_at >= ? ORDER BY seq DESC LIMIT ?`);
  // Also completes a command the change feed already showed applied (without a chain).
  const applied = db.prepare(
    `UPDATE outbox SET state = 'applied', applied_cursor = ?, applied_chain = ?, unknown_since = NULL, updated_at = ?, last_error = NULL
     WHERE id = ? AND (state = 'pending' OR (state = 'applied' AND applied_chain IS NULL))`,
  );
  const rejected = db.prepare(`UPDATE outbox SET state = 'rejected', unknown_since = NULL, updated_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`);
  const attempt = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`);
  const unknown = db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?, unknown_since = COALESCE(unknown_since, ?), updated_at = ? WHERE id = ? AND state = 'pending'`,
  );
  const candidates = db.prepare(
    `SELECT applied_cursor AS seq, applied_chain AS chain FROM outbox WHERE state = 'applied' AND applied_chain IS NOT NULL ORDER BY applied_cursor DESC LIMIT ?`,
  );
  const requeue = db.prepare(
    `UPDATE outbox SET state = 'pending', resent = resent + 1, applied_cursor = NULL, applied_chain = NULL, updated_at = ? WHERE state = 'applied' AND applied_cursor > ?`,
  );
  const addConflict = db.prepare(`INSERT OR IGNORE INTO conflict (command_id, code, reason, server_row, created_at) VALUES (?, ?, ?, ?, ?)`);
  const conflicts = db.prepare(`SELECT c.*, o.type, o.payload, o.issued_at, o.actor FROM conflict c JOIN outbox o ON o.id = c.command_id
    ORDER BY c.resolved_at IS NOT NULL, c.id DESC LIMIT 200`);
  const openConflicts = db.prepare(`SELECT COUNT(*) AS n FROM conflict WHERE resolved_at IS NULL`);
  const openConflictActors = db.prepare(`SELECT o.actor FROM conflict c JOIN outbox o ON o.id = c.command_id WHERE c.resolved_at IS NULL`);
  /**
   * Rows for this console's eyes (`hooks.shown`, asked once per read): a command an earlier
   * officer of another scope queued here is uploaded as his, and neither listed nor counted here.
   */
  const forEyes = <R extends { actor: string | null }>(rows: R[]): R[] => {
    const shown = rows.length > 0 ? (hooks.shown?.() ?? null) : null;
    return shown ? rows.filter((r) => shown({ actor: r.actor ? (JSON.parse(r.actor) as Actor) : null } as OutboxEntry)) : rows;
  };
  const conflictById = db.prepare(`SELECT c.*, o.type, o.payload, o.issued_at FROM conflict c JOIN outbox o ON o.id = c.command_id WHERE c.id = ?`);
  const resolve = db.prepare(`UPDATE conflict SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL`);
  const openOutage = db.prepare(`SELECT id FROM link_outage WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1`);
  const countQueued = db.prepare(`UPDATE link_outage SET commands_queued = commands_queued + 1 WHERE id = ?`);

  type ConflictRow = {
    id: number; command_id: string; code: string; reason: string; server_row: string | null; created_at: number;
    resolved_at: number | null; resolution: ConflictEntry['resolution']; type: string; payload: string; issued_at: number;
  };
  const toConflict = (r: ConflictRow): ConflictEntry => ({
    id: r.id, commandId: r.command_id, type: r.type as Command['type'], payload: JSON.parse(r.payload) as Command['payload'],
    issuedAt: r.issued_at, code: r.code, reason: r.reason, serverRow: r.server_row ? (JSON.parse(r.server_row) as unknown) : null,
    createdAt: r.created_at, resolvedAt: r.resolved_at, resolution: r.resolution,
  });

  /**
   * Writes a new command; it counts as queued in the open outage, if any. With an id the
   * caller chose (its idempotency key for the intent), the same action sent again answers
   * the stored command instead of queuing it twice.
   */
  const enqueue = db.transaction((type: Command['type'], payload: Command['payload'], id?: string, actor?: Actor | null): Command => {
    if (id !== undefined) {
      const prior = byId.get(id) as Row | undefined;
      if (prior) {
        if (prior.type !== type || prior.payload !== JSON.stringify(payload)) {
          throw new CommandIdReusedError(`command id ${id} was already used for a different action`);
        }
        return toCommand(toEntry(prior));
      }
    }
    const issuedAt = now();
    // Validate before it is stored: a command the central would refuse as malformed must not enter the queue.
    const cmd = toCommand({ id: id ?? randomUUID(), type, payload, issuedAt, actor: actor ?? null });
    insert.run(cmd.id, cmd.type, JSON.stringify(cmd.payload), cmd.issuedAt, issuedAt, actor ? JSON.stringify(actor) : null);
    const outage = openOutage.get() as { id: number } | undefined;
    if (outage) countQueued.run(outage.id);
    return cmd;
  });

  /** Several commands in one transaction: all are queued, or none (a plan's runs). */
  type NewCommand = { type: Command['type']; payload: Command['payload']; id?: string; actor?: Actor | null };
  const enqueueMany = db.transaction((list: readonly NewCommand[]): Command[] => list.map((c) => enqueue(c.type, c.payload, c.id, c.actor))) as (list: readonly NewCommand[]) => Command[];

  // The payloads and issuers of the commands the last read of the queue parsed, by command id
  // (neither ever changes for an id): the board reads the queue on every view, and a long queue
  // (an officer offline for hours) is not parsed whole each time.
  let parsedBefore = new Map<string, Pick<OutboxEntry, 'payload' | 'actor'>>();

  return {
    enqueue: (type: Command['type'], payload: Command['payload'], id?: string, actor?: Actor | null): Command => enqueue(type, payload, id, actor),
    enqueueMany,
    /** The oldest pending commands, in issue order. */
    nextBatch: (limit: number): OutboxEntry[] => (nextBatch.all(limit) as Row[]).map(toEntry),
    get: (id: string): OutboxEntry | null => {
      const r = byId.get(id) as Row | undefined;
      return r ? toEntry(r) : null;
    },
    /**
     * Commands whose effect the mirror does not show yet, in issue order: what the board's view
     * lays over the mirror. `hooks.shown` (asked once per read) leaves out those not for this
     * console's eyes (another scope's officer's); they are uploaded all the same.
     */
    unreflected: (): OutboxEntry[] => {
      const rows = unreflected.all(readCursor(db)) as Row[];
      const parsed = new Map<string, Pick<OutboxEntry, 'payload' | 'actor'>>();
      const all = rows.map((r) => {
        const p = parsedBefore.get(r.id) ?? { payload: JSON.parse(r.payload) as Command['payload'], actor: r.actor ? (JSON.parse(r.actor) as Actor) : null };
        parsed.set(r.id, p);
        return { ...toEntry({ ...r, payload: 'null', actor: null }), payload: p.payload, actor: p.actor };
      });
      parsedBefore = parsed;
      const shown = all.length > 0 ? (hooks.shown?.() ?? null) : null;
      return shown ? all.filter(shown) : all;
    },
    pendingCount: (): number => (pendingCount.get() as { n: number }).n,
    /** Pending commands whose last answer was unreadable ("outcome unknown, retrying"). */
    unknownCount: (): number => (unknownCount.get() as { n: number }).n,
    openConflictCount: (): number => (hooks.shown ? forEyes(openConflictActors.all() as { actor: string | null }[]).length : (openConflicts.get() as { n: number }).n),
    /** The link panel's list: the pending, and those answered lately, newest first (this console's eyes only). */
    recent: (sinceMs: number, limit = 200): OutboxEntry[] => forEyes(recent.all(now() - sinceMs, limit) as Row[]).map(toEntry),
    /** A failed try that certainly did not reach the central (no connection, or the central said "later"). */
    markAttempt: db.transaction((ids: readonly string[], error: string | null): void => {
      for (const id of ids) attempt.run(error?.slice(0, 500) ?? null, now(), id);
    }) as (ids: readonly string[], error: string | null) => void,
    /** A try whose answer was unreadable: the central may have applied it; the same ids are retried. */
    markUnknown: db.transaction((ids: readonly string[], error: string): void => {
      const t = now();
      for (const id of ids) unknown.run(error.slice(0, 500), t, t, id);
    }) as (ids: readonly string[], error: string) => void,
    /** A permanent refusal by the central itself: the command leaves the queue and becomes a conflict for the officer. */
    markRejected: db.transaction((id: string, code: string, reason: string, serverRow: unknown): boolean => {
      if (rejected.run(now(), `${code}: ${reason}`.slice(0, 500), id).changes === 0) return false;
      addConflict.run(id, code, reason.slice(0, 2000), serverRow === undefined ? null : JSON.stringify(serverRow), now());
      return true;
    }) as (id: string, code: string, reason: string, serverRow: unknown) => boolean,
    /** The central's answers to a batch, recorded in one transaction (with the newest history point they show). */
    recordResults: db.transaction((results: readonly CommandResult[], serverRowFor: (id: string) => unknown): void => {
      for (const r of results) {
        if (r.status === 'applied') {
          applied.run(r.cursor, r.chain ?? null, now(), r.id);
          if (r.chain) writeKnownIfNewer(db, { seq: r.cursor, chain: r.chain });
        } else if (rejected.run(now(), `${r.code}: ${r.reason}`.slice(0, 500), r.id).changes > 0) {
          addConflict.run(r.id, r.code, r.reason.slice(0, 2000), JSON.stringify(serverRowFor(r.id) ?? null), now());
          const row = byId.get(r.id) as Row | undefined;
          if (row && hooks.onRefused) hooks.onRefused(toEntry(row), r.code, r.reason);
        }
      }
    }) as (results: readonly CommandResult[], serverRowFor: (id: string) => unknown) => void,
    /** Points of the central's history this client saw its commands applied at, newest first. */
    appliedCandidates: (limit: number): { seq: number; chain: string }[] => candidates.all(limit) as { seq: number; chain: string }[],
    /**
     * After a rewind: every command applied after `forkSeq` (the last point the central's
     * history still shares with ours) goes back to the queue, in its original place, to be
     * sent again with its own id. Returns how many.
     */
    requeueAppliedAfter: (forkSeq: number): number => requeue.run(now(), forkSeq).changes,
    conflicts: (): ConflictEntry[] => forEyes(conflicts.all() as (ConflictRow & { actor: string | null })[]).map(toConflict),
    conflict: (id: number): ConflictEntry | null => {
      const r = conflictById.get(id) as ConflictRow | undefined;
      return r ? toConflict(r) : null;
    },
    /**
     * The officer's decision on a conflict: drop it, or issue the same action again as a
     * new command (a new id: the central answered the old one for good).
     */
    resolveConflict: db.transaction((conflictId: number, resolution: 'discard' | 'reissue', actor?: Actor | null): Command | null => {
      const c = conflictById.get(conflictId) as ConflictRow | undefined;
      if (!c || c.resolved_at !== null) return null;
      resolve.run(now(), resolution === 'discard' ? 'discarded' : 'reissued', conflictId);
      // Issued again by the officer who decided, under their name.
      return resolution === 'reissue' ? enqueue(c.type as Command['type'], JSON.parse(c.payload) as Command['payload'], undefined, actor) : null;
    }) as (conflictId: number, resolution: 'discard' | 'reissue', actor?: Actor | null) => Command | null,
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
