import { z } from 'zod';
import { COMMAND_TYPES } from '../commands/registry';
import { cursorSchema, REPLICA_TABLES } from '../central-api';
import { empty } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';

/**
 * The link to the central on the board API: its state and health, the queue of commands
 * waiting for the central, the refusals waiting for an officer, and (demo build only) the
 * control that cuts it.
 */

const commandTypeSchema = z.enum(COMMAND_TYPES);

export const LINK_STATES = ['connected', 'reconnecting', 'offline'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const linkStatusSchema = z.strictObject({
  state: z.enum(LINK_STATES),
  /** Base URL of the central endpoint in use. */
  endpoint: z.string().max(500),
  /** When the state last changed (epoch ms). */
  since: z.number().finite(),
  /** Last successful change-feed pull (epoch ms), null before the first. */
  lastPullAt: z.number().finite().nullable(),
  /** Last position batch received (epoch ms), null before the first. */
  lastPositionAt: z.number().finite().nullable(),
  cursor: cursorSchema,
  lastError: z.strictObject({ code: z.string().max(64), message: z.string().max(2000), at: z.number().finite() }).nullable(),
  /** Which central endpoint is in service (N+1: primary and backup). */
  endpointName: z.enum(['primary', 'backup']),
  /** Officers' commands waiting for the central. */
  queueDepth: z.number().int().min(0),
  /** Commands the central refused, waiting for an officer's decision. */
  conflicts: z.number().int().min(0),
  /** Last command the central accepted or answered (epoch ms). */
  lastPushAt: z.number().finite().nullable(),
  /** The demo/developer control has cut the link. */
  cut: z.boolean(),
  /** Pending commands whose last answer was unreadable: retried with the same id until the central answers. */
  unknownOutcomes: z.number().int().min(0),
  /**
   * The central's history is not the one this board followed (restored from an older copy,
   * a fresh database, a lagging backup): re-synchronising, nothing sent meanwhile.
   */
  resync: z.strictObject({ since: z.number().finite(), reason: z.string().max(64) }).nullable(),
  /** The central in service's clock minus ours (null before its first health answer). */
  clockSkewMs: z.number().finite().nullable(),
  /** The last re-synchronisation: when, why, and how many applied commands went back to the queue. */
  lastRewind: z.strictObject({ at: z.number().finite(), reason: z.string().max(64), requeued: z.number().int().min(0) }).nullable(),
});
export type LinkStatus = z.infer<typeof linkStatusSchema>;

/** A command as the board shows it: pending upload, applied, or refused. */
export const outboxEntrySchema = z.strictObject({
  id: z.uuid(),
  type: commandTypeSchema,
  payload: z.record(z.string(), z.unknown()),
  issuedAt: z.number().finite(),
  state: z.enum(['pending', 'applied', 'rejected']),
  /** Pending and the last answer was unreadable: "outcome unknown, retrying" (never a conflict). */
  outcomeUnknown: z.boolean(),
  /** Times it was queued again because the central lost it (a rewind). */
  resent: z.number().int().min(0),
  attempts: z.number().int().min(0),
  lastError: z.string().max(500).nullable(),
});
export type OutboxEntryView = z.infer<typeof outboxEntrySchema>;

/** A command the central refused, with both sides: what the officer did and what the central holds. */
export const conflictSchema = z.strictObject({
  id: z.number().int().min(1),
  commandId: z.uuid(),
  type: commandTypeSchema,
  payload: z.record(z.string(), z.unknown()),
  issuedAt: z.number().finite(),
  code: z.string().max(64),
  reason: z.string().max(2000),
  serverRow: z.unknown(),
  createdAt: z.number().finite(),
  resolvedAt: z.number().finite().nullable(),
  resolution: z.enum(['discarded', 'reissued']).nullable(),
});
export type ConflictView = z.infer<typeof conflictSchema>;

export const endpointStatusSchema = z.strictObject({
  name: z.enum(['primary', 'backup']),
  url: z.string().max(500),
  healthy: z.boolean().nullable(),
  breaker: z.enum(['closed', 'open', 'halfOpen', 'isolated']),
  latencyMs: z.number().finite().nullable(),
  lastCheckAt: z.number().finite().nullable(),
  clockSkewMs: z.number().finite().nullable(),
});

/** A link event kept for the operators and the handover (sync_event). */
export const linkEventSchema = z.strictObject({ at: z.number().finite(), kind: z.string().max(64), detail: z.string().max(4000) });

/** The last time the board re-synchronised after the central's history changed under it. */
export const rewindSchema = z.strictObject({
  at: z.number().finite(),
  reason: z.string().max(64),
  fromCursor: z.number().int().min(0),
  toCursor: z.number().int().min(0),
  forkSeq: z.number().int().min(0),
  requeued: z.number().int().min(0),
});

export const outageSchema = z.strictObject({
  startedAt: z.number().finite(),
  endedAt: z.number().finite().nullable(),
  durationMs: z.number().finite().min(0),
  commandsQueued: z.number().int().min(0),
});
export type Outage = z.infer<typeof outageSchema>;

export const linkMethods = {
  'link.status': { permission: 'board.read', arg: empty, result: linkStatusSchema },
  /** The link-health panel: endpoints, breakers, latency, queue, and this shift's outages. */
  'link.health': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({
      status: linkStatusSchema,
      endpoints: z.array(endpointStatusSchema),
      outages: z.array(outageSchema).max(1000),
      /** Last automatic reconciliation: each table matched, was re-synced, or was skipped. */
      reconciliation: z
        .strictObject({
          at: z.number().finite(),
          tables: z.array(z.strictObject({ table: z.enum(REPLICA_TABLES), result: z.enum(['match', 'resynced', 'skipped']), detail: z.string().max(500) })),
        })
        .nullable(),
      lastRewind: rewindSchema.nullable(),
      /** Newest first: what went wrong on the link (unreadable answers, rewinds, clock skew, Retry-After out of bounds...). */
      events: z.array(linkEventSchema).max(200),
      /** Commands waiting for the central, oldest first, each with whether its outcome is unknown. */
      queue: z.array(outboxEntrySchema).max(200),
      /** The demo build: the link-cut control exists (demoMethods). */
      demo: z.boolean(),
    }),
  },
  'outbox.list': { permission: 'board.read', arg: empty, result: z.strictObject({ entries: z.array(outboxEntrySchema).max(1000) }) },
  'conflict.list': { permission: 'board.read', arg: empty, result: z.strictObject({ conflicts: z.array(conflictSchema).max(1000) }) },
  'conflict.resolve': { permission: 'link.resolve',
    arg: z.strictObject({ conflictId: z.number().int().min(1), resolution: z.enum(['discard', 'reissue']) }),
    result: z.strictObject({ reissuedCommandId: z.uuid().nullable() }),
  },
} as const satisfies MethodMap;

/**
 * Methods of the demo build and the tests only: the backend serves them when started with
 * `demo: true` (npm start, the e2e stack) and answers `unknown_method` otherwise, so no
 * client of a production board can cut its link.
 */
export const linkDemoMethods = {
  /** Cut the link to the central, or restore it. */
  'link.setCut': { permission: 'demo.control', arg: z.strictObject({ cut: z.boolean() }), result: linkStatusSchema },
} as const satisfies MethodMap;

export const linkEvents = {
  'link.changed': linkStatusSchema,
  /** A command was queued, answered or refused: pending marks and conflicts changed. */
  'outbox.changed': z.strictObject({ queueDepth: z.number().int().min(0), conflicts: z.number().int().min(0) }),
} as const satisfies EventMap;
