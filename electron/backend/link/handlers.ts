import type { Actor } from '../../../shared/auth/schema';
import { BoardError, type CallerContext, type linkDemoMethods, type linkMethods, type MethodResult, type Outage, type OutboxEntryView } from '../../../shared/board-api';
import type { Outbox, OutboxEntry } from '../store/outbox';
import type { HandlersOf } from '../board/handler-types';
import type { Endpoints } from './endpoints';
import type { LinkMonitor } from './link';

/** A command as the board shows it. */
const entryView = (e: OutboxEntry): OutboxEntryView => ({
  id: e.id,
  type: e.type,
  payload: e.payload as Record<string, unknown>,
  issuedAt: e.issuedAt,
  state: e.state,
  outcomeUnknown: e.state === 'pending' && e.unknownSince !== null,
  resent: e.resent,
  attempts: e.attempts,
  lastError: e.lastError,
});

export type LinkHandlerDeps = {
  link: LinkMonitor;
  endpoints: Endpoints;
  outbox: Outbox;
  outages: () => Outage[];
  reconciliation: () => MethodResult<'link.health'>['reconciliation'];
  lastRewind: () => MethodResult<'link.health'>['lastRewind'];
  events: () => MethodResult<'link.health'>['events'];
  /** The demo build: the link-cut control exists. */
  demo: boolean;
  /** After a conflict is resolved: wake the pusher, tell the renderers. */
  commandsChanged: () => void;
  /** Who is calling (the officer a re-issued command carries). */
  actorOf: (ctx: CallerContext) => Actor;
  /** The officer's decision on a refusal, audited in the same transaction as it is recorded. */
  audited: <T>(ctx: CallerContext, fn: () => T, entry: (result: T) => { target: string; detail: Record<string, unknown> }) => T;
};

/** The link to the central: its state and health, the queue, the refusals waiting for an officer. */
export function createLinkHandlers(d: LinkHandlerDeps): HandlersOf<typeof linkMethods> {
  return {
    'link.status': () => d.link.status(),
    'link.health': () => ({
      status: d.link.status(),
      endpoints: d.endpoints.status(),
      outages: d.outages(),
      reconciliation: d.reconciliation(),
      lastRewind: d.lastRewind(),
      events: d.events(),
      queue: d.outbox.nextBatch(200).map(entryView),
      demo: d.demo,
    }),
    'outbox.list': () => ({ entries: d.outbox.recent(12 * 3600_000).map(entryView) }),
    'conflict.list': () => ({ conflicts: d.outbox.conflicts().map((c) => ({ ...c, payload: c.payload as Record<string, unknown> })) }),
    'conflict.resolve': (ctx, { conflictId, resolution }) => {
      const c = d.outbox.conflict(conflictId);
      if (!c) throw new BoardError('not_found', `no conflict ${conflictId}`, { conflict: conflictId });
      if (c.resolvedAt !== null) throw new BoardError('conflict_resolved', `conflict ${conflictId} was already resolved`, { conflict: conflictId });
      const reissued = d.audited(
        ctx,
        () => d.outbox.resolveConflict(conflictId, resolution, d.actorOf(ctx)),
        (cmd) => ({ target: `command:${c.type}`, detail: { conflictId, resolution, refusedCommandId: c.commandId, code: c.code, reissuedCommandId: cmd?.id ?? null, after: cmd?.payload ?? null } }),
      );
      d.commandsChanged();
      return { reissuedCommandId: reissued?.id ?? null };
    },
  };
}

/** The demo build's control: cut the link to the central, or restore it (pulls the cable). */
export function createLinkDemoHandlers(d: { link: LinkMonitor; setCut: (cut: boolean) => void }): HandlersOf<typeof linkDemoMethods> {
  return {
    'link.setCut': (_ctx, { cut }) => {
      d.setCut(cut);
      return d.link.status();
    },
  };
}
