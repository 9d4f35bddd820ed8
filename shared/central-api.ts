import { scopeSettingsSchema } from './scope/schema';
import { z } from 'zod';
import { commandSchema, type Command } from './commands/registry';
import { TABLES, TABLE_NAMES, type TableName } from './replica/registry';
import type { TableDecl } from './replica/table';
import { treeProblemSchema } from './scope/central-api';

/**
 * The central platform's API (警保云), as served by central/ and consumed by the
 * backend's sync. Every payload is parsed with these schemas on arrival.
 *
 *   GET  /health                      → Health
 *   GET  /changes?since=<cursor>&limit=<n>  → ChangesPage (ordered by seq, seq > since)
 *   POST /commands  body: Command     → CommandResult (idempotent on Command.id)
 *   WS   /live                        → text: LiveMessage (JSON); binary: position batch
 *                                       (positions-codec.ts)
 */

export const CHANGES_MAX_LIMIT = 1000;
export const cursorSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/**
 * The central's hash chain at a change seq (64 bits, hex): it covers every change up to
 * that seq, so equal chains at a seq mean the same history up to it. A client keeps the
 * chain of the newest point it has seen and sends it with each request; the central
 * refuses to serve or apply anything for a client whose history it does not hold.
 */
export const chainSchema = z.string().regex(/^[0-9a-f]{16}$/, 'chain: 16 hex digits');
/** Request header: `<seq>:<chain>`, the newest point of the central's history this client has seen. */
export const KNOWN_HEADER = 'jingbao-known';
/** Response header set by the central on every answer it makes itself (a proxy's own pages lack it). */
export const CENTRAL_HEADER = 'x-jingbao-central';
/**
 * 409 codes that mean "your view of my history is not mine": the client must re-synchronise
 * (and re-send what this central may have lost) before anything else.
 */
export const REWIND_CODES = ['cursor_ahead', 'history_diverged', 'cursor_expired'] as const;

const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const key = z.string().min(1).max(140);

/**
 * One row change. `key` is the primary key ('siteId/itemId' for stock). `cmd` names the
 * command that made it, when a command did: a client whose answer to it was lost learns
 * here that it was applied. One upsert shape per replica table (replica/registry.ts).
 */
const cmd = z.uuid().optional();
type UpsertOf<T> = T extends TableDecl<infer N, infer R> ? { seq: number; table: N; op: 'upsert'; key: string; row: R; cmd?: string | undefined } : never;
export type Change = UpsertOf<(typeof TABLES)[number]> | { seq: number; table: TableName; op: 'delete'; key: string; row: null; cmd?: string | undefined };
export const changeSchema = z.union([
  z.discriminatedUnion(
    'table',
    TABLES.map((t) => z.strictObject({ seq, table: z.literal(t.name), op: z.literal('upsert'), key, row: t.schema as z.ZodType, cmd })) as unknown as [z.ZodObject, ...z.ZodObject[]],
  ),
  z.strictObject({ seq, table: z.enum(TABLE_NAMES), op: z.literal('delete'), key, row: z.null(), cmd }),
]) as unknown as z.ZodType<Change>;
export type ReplicaTable = TableName;
export const REPLICA_TABLES = TABLE_NAMES;

/** A console's scope by name: a unit id, `@` and the tree's version below the city (`scopeMarker`). */
export const scopeMarkerSchema = z.string().min(1).max(100);

/**
 * Who is at the workstation, named on every request of the feed (GET /changes, /snapshot,
 * /digest, WS /live): the central serves the officer's unit's scope (the workstation's own
 * unit's when none is named).
 */
export const OFFICER_HEADER = 'x-jingbao-officer';

export const changesPageSchema = z
  .strictObject({
    changes: z.array(changeSchema).max(CHANGES_MAX_LIMIT),
    /** Cursor to pass as `since` next time: the seq of the last change returned. */
    cursor: cursorSchema,
    /** The chain at `cursor`. */
    chain: chainSchema,
    hasMore: z.boolean(),
    /**
     * For a console below the city (multi-level command): how many changes outside its scope
     * this page passed over. The cursor then may lie past the last change sent (or move on an
     * empty page), and only then.
     */
    filtered: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    /** The scope the page was served for (shared/scope/feed.ts `scopeMarker`): a console whose cache holds another re-synchronises. */
    scope: scopeMarkerSchema.optional(),
  })
  .superRefine((page, ctx) => {
    let prev = 0;
    for (const c of page.changes) {
      if (c.seq <= prev) {
        ctx.addIssue({ code: 'custom', message: `changes out of order at seq ${c.seq}` });
        return;
      }
      prev = c.seq;
    }
    const passedOver = (page.filtered ?? 0) > 0;
    if (page.changes.length > 0 && (passedOver ? page.cursor < prev : page.cursor !== prev)) {
      ctx.addIssue({ code: 'custom', message: `cursor ${page.cursor} is not the last seq ${prev}` });
    }
  });
export type ChangesPage = z.infer<typeof changesPageSchema>;

export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  name: z.string().max(100),
  /** Server time, epoch ms. */
  time: z.number().finite(),
  /** Latest change seq on the server. */
  cursor: cursorSchema,
  /** Largest POST /commands body accepted, in bytes: clients size their batches under it. */
  maxCommandBytes: z.number().int().min(1024).max(64 * 1024 * 1024).optional(),
  /** Multi-level command's settings (the large-allocation threshold): a board shows an order as waiting exactly when this central will hold it. */
  scopeSettings: scopeSettingsSchema.optional(),
});
export type Health = z.infer<typeof healthSchema>;

/** Live stream text messages. Binary frames are position batches. */
export const liveMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), cursor: cursorSchema, time: z.number().finite() }),
  /** New changes exist up to `cursor`: pull them. */
  z.strictObject({ type: z.literal('changed'), cursor: cursorSchema }),
]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;

/**
 * Officers' actions are commands with a client-generated id (idempotency key): the central
 * applies an id at most once and answers the same result when it is sent again. One module
 * per command (commands/registry.ts) gives its payload, rules and refusals.
 */
export { commandSchema };
export type { Command };

export const commandResultSchema = z.discriminatedUnion('status', [
  /** `chain` is the chain at `cursor` (absent in answers journaled before chains existed). */
  z.strictObject({ id: z.uuid(), status: z.literal('applied'), cursor: cursorSchema, chain: chainSchema.optional() }),
  z.strictObject({ id: z.uuid(), status: z.literal('rejected'), code: z.string().max(64), reason: z.string().max(500) }),
]);
export type CommandResult = z.infer<typeof commandResultSchema>;

/** Most commands in one POST /commands batch; each is still applied (and remembered) on its own. */
export const COMMAND_BATCH_MAX = 200;

/** POST /commands with several commands: applied in order, one answer each, same idempotency. */
export const commandBatchSchema = z.strictObject({ commands: z.array(commandSchema).min(1).max(COMMAND_BATCH_MAX) });
export const commandBatchResultSchema = z.strictObject({ results: z.array(commandResultSchema).max(COMMAND_BATCH_MAX) });
export type CommandBatchResult = z.infer<typeof commandBatchResultSchema>;

/** Error body for any non-2xx answer. */
export const centralErrorSchema = z.strictObject({ code: z.string().max(64), message: z.string().max(2000) });
/**
 * What a client reads from any refusal the central makes itself: the error body, and for a
 * change to the command tree (/units, `bad_tree`) what is wrong with the tree it would make —
 * a cycle, an orphan, a move under its own descendant — one problem per unit.
 */
export const centralRefusalSchema = centralErrorSchema.extend({ problems: z.array(treeProblemSchema).max(100).optional() });
export type CentralErrorBody = z.infer<typeof centralRefusalSchema>;

/**
 * GET /digest: per-table digest (shared/digest.ts) and the newest change seq of each
 * table, taken in one read. A client compares a table only when it has pulled exactly
 * up to that table's lastSeq, so both sides describe the same state.
 */
const tableDigestSchema = z.strictObject({ count: z.number().int().min(0), hash: z.number().int().min(0), lastSeq: cursorSchema });
export const digestSchema = z.strictObject({
  cursor: cursorSchema,
  /** The scope the digest covers (as on a changes page). */
  scope: scopeMarkerSchema.optional(),
  tables: z.strictObject(Object.fromEntries(TABLE_NAMES.map((n) => [n, tableDigestSchema])) as Record<TableName, typeof tableDigestSchema>),
});
export type Digest = z.infer<typeof digestSchema>;

/** GET /snapshot?table=: every row of one table at `cursor`, for re-syncing a table that drifted. */
const snapshotPoint = { cursor: cursorSchema, chain: chainSchema, lastSeq: cursorSchema, scope: scopeMarkerSchema.optional() };
type SnapshotOf<T> = T extends TableDecl<infer N, infer R> ? { table: N; cursor: number; chain: string; lastSeq: number; scope?: string | undefined; rows: R[] } : never;
export const snapshotSchema = z.discriminatedUnion(
  'table',
  TABLES.map((t) => z.strictObject({ table: z.literal(t.name), ...snapshotPoint, rows: z.array(t.schema as z.ZodType).max(t.maxRows) })) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<SnapshotOf<(typeof TABLES)[number]>>;
export type TableSnapshot = z.infer<typeof snapshotSchema>;

/** Most seqs in one POST /chains lookup. */
export const CHAINS_MAX = 2000;
/** POST /chains: the chain at each seq (null where this central holds no such change), to find where two histories part. */
export const chainsRequestSchema = z.strictObject({ at: z.array(cursorSchema).min(1).max(CHAINS_MAX) });
export const chainsResultSchema = z.strictObject({ chains: z.array(chainSchema.nullable()).max(CHAINS_MAX) });

export * from './auth/central-api';
export * from './scope/central-api';
