import { randomUUID } from 'node:crypto';
import { commandSchema, type Command, type CommandResult } from '../../../shared/central-api';
import type { Db } from './database';
import { readCursor } from './replica';

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

type Row = {
  seq: number; id: string; type: string; payload: string; issued_at: number; state: OutboxState;
  attempts: number; last_error: string | null; applied_cursor: number | null;
};
const toEntry = (r: Row): OutboxEntry => ({
  seq: r.seq, id: r.id, type: r.type as Command['type'], payload: JSON.parse(r.payload) as Command['payload'],
  issuedAt: r.issued_at, state: r.state, attempts: r.attempts, lastError: r.last_error, appliedCursor: r.applied_cursor,
});
export const toCommand = (e: Pick<OutboxEntry, 'id' | 'type' | 'payload' | 'issuedAt'>): Command =>
  commandSchema.parse({ id: e.id, type: e.type, payload: e.payload, issuedAt: e.issuedAt });

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
 */
export function createOutbox(db: Db, now: () => number = Date.now) {
  const insert = db.prepare(`INSERT INTO outbox (id, type, payload, issued_at, state, updated_at) VALUES (?, ?, ?, ?, 'pending', ?)`);
  const nextBatch = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`);
  const byId = db.prepare(`SELECT * FROM outbox WHERE id = ?`);
  const unreflected = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' OR (state = 'applied' AND applied_cursor > ?) ORDER BY seq`);
  const pendingCount = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`);
  const recent = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' OR updated_at >= ? ORDER BY seq DESC LIMIT ?`);
  const applied = db.prepare(`UPDATE outbox SET state = 'applied', applied_cursor = ?, updated_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'`);
  const rejected = db.prepare(`UPDATE outbox SET state = 'rejected', updated_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`);
  const attempt = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?`);
  const addConflict = db.prepare(`INSERT OR IGNORE INTO conflict (command_id, code, reason, server_row, created_at) VALUES (?, ?, ?, ?, ?)`);
  const conflicts = db.prepare(`SELECT c.*, o.type, o.payload, o.issued_at FROM conflict c JOIN outbox o ON o.id = c.command_id
    ORDER BY c.resolved_at IS NOT NULL, c.id DESC LIMIT 200`);
  const openConflicts = db.prepare(`SELECT COUNT(*) AS n FROM conflict WHERE resolved_at IS NULL`);
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

  /** Writes a new command; it counts as queued in the open outage, if any. */
  const enqueue = db.transaction((type: Command['type'], payload: Command['payload'], id: string = randomUUID()): Command => {
    const issuedAt = now();
    // Validate before it is stored: a command the central would refuse as malformed must not enter the queue.
    const cmd = toCommand({ id, type, payload, issuedAt });
    insert.run(cmd.id, cmd.type, JSON.stringify(cmd.payload), cmd.issuedAt, issuedAt);
    const outage = openOutage.get() as { id: number } | undefined;
    if (outage) countQueued.run(outage.id);
    return cmd;
  });

  /** Several commands in one transaction: all are queued, or none (a plan's runs). */
  const enqueueMany = db.transaction((list: readonly { type: Command['type']; payload: Command['payload'] }[]): Command[] =>
    list.map((c) => enqueue(c.type, c.payload)),
  ) as (list: readonly { type: Command['type']; payload: Command['payload'] }[]) => Command[];

  return {
    enqueue: (type: Command['type'], payload: Command['payload'], id?: string): Command => enqueue(type, payload, id),
    enqueueMany,
    next: (): OutboxEntry | null => {
      const r = nextBatch.get(1) as Row | undefined;
      return r ? toEntry(r) : null;
    },
    /** The oldest pending commands, in issue order. */
    nextBatch: (limit: number): OutboxEntry[] => (nextBatch.all(limit) as Row[]).map(toEntry),
    get: (id: string): OutboxEntry | null => {
      const r = byId.get(id) as Row | undefined;
      return r ? toEntry(r) : null;
    },
    /** Commands whose effect the mirror does not show yet, in issue order. */
    unreflected: (): OutboxEntry[] => (unreflected.all(readCursor(db)) as Row[]).map(toEntry),
    pendingCount: (): number => (pendingCount.get() as { n: number }).n,
    openConflictCount: (): number => (openConflicts.get() as { n: number }).n,
    recent: (sinceMs: number, limit = 200): OutboxEntry[] => (recent.all(now() - sinceMs, limit) as Row[]).map(toEntry),
    markApplied: (id: string, cursor: number): boolean => applied.run(cursor, now(), id).changes > 0,
    markAttempt: (id: string, error: string | null): void => void attempt.run(error?.slice(0, 500) ?? null, now(), id),
    /** A permanent refusal: the command leaves the queue and becomes a conflict for the officer. */
    markRejected: db.transaction((id: string, code: string, reason: string, serverRow: unknown): boolean => {
      if (rejected.run(now(), `${code}: ${reason}`.slice(0, 500), id).changes === 0) return false;
      addConflict.run(id, code, reason.slice(0, 2000), serverRow === undefined ? null : JSON.stringify(serverRow), now());
      return true;
    }) as (id: string, code: string, reason: string, serverRow: unknown) => boolean,
    /** The central's answers to a batch, recorded in one transaction. */
    recordResults: db.transaction((results: readonly CommandResult[], serverRowFor: (id: string) => unknown): void => {
      for (const r of results) {
        if (r.status === 'applied') applied.run(r.cursor, now(), r.id);
        else if (rejected.run(now(), `${r.code}: ${r.reason}`.slice(0, 500), r.id).changes > 0) {
          addConflict.run(r.id, r.code, r.reason.slice(0, 2000), JSON.stringify(serverRowFor(r.id) ?? null), now());
        }
      }
    }) as (results: readonly CommandResult[], serverRowFor: (id: string) => unknown) => void,
    conflicts: (): ConflictEntry[] => (conflicts.all() as ConflictRow[]).map(toConflict),
    conflict: (id: number): ConflictEntry | null => {
      const r = conflictById.get(id) as ConflictRow | undefined;
      return r ? toConflict(r) : null;
    },
    /**
     * The officer's decision on a conflict: drop it, or issue the same action again as a
     * new command (a new id: the central answered the old one for good).
     */
    resolveConflict: db.transaction((conflictId: number, resolution: 'discard' | 'reissue'): Command | null => {
      const c = conflictById.get(conflictId) as ConflictRow | undefined;
      if (!c || c.resolved_at !== null) return null;
      resolve.run(now(), resolution === 'discard' ? 'discarded' : 'reissued', conflictId);
      return resolution === 'reissue' ? enqueue(c.type as Command['type'], JSON.parse(c.payload) as Command['payload']) : null;
    }) as (conflictId: number, resolution: 'discard' | 'reissue') => Command | null,
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
