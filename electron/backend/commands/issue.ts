import { BoardError, type BoardErrorCode, type BoardErrorParams, type CallerContext } from '../../../shared/board-api';
import type { Actor } from '../../../shared/auth/schema';
import type { Command, CommandType, PayloadOf } from '../../../shared/commands/registry';
import type { AuditLog } from '../audit/log';
import type { Db } from '../store/database';
import { CommandIdReusedError, type Outbox } from '../store/outbox';

/**
 * How a board API method queues an officer's command: into the outbox (which is its
 * optimistic effect, shared/replica/overlay.ts) with the officer who issued it, and its
 * audit entry in the same transaction; then the pusher is woken and the renderers told.
 * With the caller's id, the same intent sent again is the same command (and one entry).
 */
export function createCommandIssuer(deps: {
  db: Db;
  outbox: Outbox;
  audit: AuditLog;
  /** Who is calling: the signed-in officer, or the workstation's own 'system' actor. */
  actorOf: (ctx: CallerContext) => Actor;
  /** What the board shows of the thing a command touches, before it (the audit's "before"). */
  before: (type: CommandType, payload: unknown) => unknown;
  commandsChanged: () => void;
  /**
   * Why a command may not be issued here at all: it acts on what the board shows read-only (a
   * neighbouring unit's site, stock or vehicle). Refused `out_of_scope` before anything is queued,
   * on the officer's audit chain, as the central would refuse it.
   */
  readOnly?: (type: CommandType, payload: unknown) => string | null;
}) {
  const reused = (e: unknown): never => {
    if (e instanceof CommandIdReusedError) throw new BoardError('command_id_reused', e.message);
    throw e;
  };
  const record = (actor: Actor, cmd: Command, before: unknown) =>
    deps.audit.append({
      userId: actor.userId === 'system' ? null : actor.userId,
      username: actor.username,
      role: actor.role,
      action: 'command',
      target: `command:${cmd.type}`,
      outcome: 'ok',
      detail: { commandId: cmd.id, before: before ?? null, after: cmd.payload },
    });
  const queue = deps.db.transaction((ctx: CallerContext, list: readonly { type: CommandType; payload: unknown; id?: string }[]): Command[] => {
    const actor = deps.actorOf(ctx);
    return list.map((c) => {
      const known = c.id ? deps.outbox.get(c.id) !== null : false;
      const before = known ? null : deps.before(c.type, c.payload);
      const cmd = deps.outbox.enqueue(c.type, c.payload as never, c.id, actor);
      if (!known) record(actor, cmd, before);
      return cmd;
    });
  });
  const refuse = (ctx: CallerContext, type: CommandType, code: BoardErrorCode, reason: string, params?: BoardErrorParams): never => {
    const actor = deps.actorOf(ctx);
    deps.audit.append({
      userId: actor.userId === 'system' ? null : actor.userId, username: actor.username, role: actor.role,
      action: 'command', target: `command:${type}`, outcome: 'refused', detail: { code, reason: reason.slice(0, 500) },
    });
    throw new BoardError(code, reason, params);
  };
  const checkReach = (ctx: CallerContext, list: readonly { type: CommandType; payload: unknown }[]): void => {
    for (const c of list) {
      const why = deps.readOnly?.(c.type, c.payload) ?? null;
      if (why !== null) refuse(ctx, c.type, 'out_of_scope', why);
    }
  };
  return {
    issue<T extends CommandType>(ctx: CallerContext, type: T, payload: PayloadOf<T>, commandId?: string): Command {
      checkReach(ctx, [{ type, payload }]);
      let cmd: Command;
      try {
        cmd = queue(ctx, [{ type, payload, ...(commandId ? { id: commandId } : {}) }])[0]!;
      } catch (e) {
        return reused(e);
      }
      deps.commandsChanged();
      return cmd;
    },
    /** Several commands in one transaction: all are queued (and audited), or none (a plan's runs). */
    issueMany(ctx: CallerContext, list: readonly { type: CommandType; payload: unknown; id?: string }[]): Command[] {
      checkReach(ctx, list);
      let cmds: Command[];
      try {
        cmds = queue(ctx, list);
      } catch (e) {
        return reused(e);
      }
      deps.commandsChanged();
      return cmds;
    },
    /** The command already queued under this id, if any (an intent sent again). */
    prior: (commandId: string | undefined) => (commandId ? deps.outbox.get(commandId) : null),
    /** Who a call's command would be issued by (a rule that depends on the person checks with it before queuing). */
    actorOf: (ctx: CallerContext): Actor => deps.actorOf(ctx),
    /**
     * Refuses an action a rule about the person forbids (an approval by someone without the
     * authority) before anything is queued: the refusal is on the officer's audit chain, as the
     * central's refusals are, and the call answers the coded error.
     */
    refuse,
  };
}
export type CommandIssuer = ReturnType<typeof createCommandIssuer>;

/** What an officer action answers: the command it queued. */
export const ack = (cmd: Pick<Command, 'id' | 'issuedAt'>) => ({ commandId: cmd.id, issuedAt: cmd.issuedAt });
