import { BoardError } from '../../../shared/board-api';
import type { Command, CommandType, PayloadOf } from '../../../shared/commands/registry';
import { CommandIdReusedError, type Outbox } from '../store/outbox';

/**
 * How a board API method queues an officer's command: into the outbox (which is its
 * optimistic effect, shared/replica/overlay.ts), then the pusher is woken and the
 * renderers told. With the caller's id, the same intent sent again is the same command.
 */
export function createCommandIssuer(deps: { outbox: Outbox; commandsChanged: () => void }) {
  const reused = (e: unknown): never => {
    if (e instanceof CommandIdReusedError) throw new BoardError('command_id_reused', e.message);
    throw e;
  };
  return {
    issue<T extends CommandType>(type: T, payload: PayloadOf<T>, commandId?: string): Command {
      let cmd: Command;
      try {
        cmd = deps.outbox.enqueue(type, payload as never, commandId);
      } catch (e) {
        return reused(e);
      }
      deps.commandsChanged();
      return cmd;
    },
    /** Several commands in one transaction: all are queued, or none (a plan's runs). */
    issueMany(list: readonly { type: CommandType; payload: unknown; id?: string }[]): Command[] {
      let cmds: Command[];
      try {
        cmds = deps.outbox.enqueueMany(list as never);
      } catch (e) {
        return reused(e);
      }
      deps.commandsChanged();
      return cmds;
    },
    /** The command already queued under this id, if any (an intent sent again). */
    prior: (commandId: string | undefined) => (commandId ? deps.outbox.get(commandId) : null),
  };
}
export type CommandIssuer = ReturnType<typeof createCommandIssuer>;

/** What an officer action answers: the command it queued. */
export const ack = (cmd: Pick<Command, 'id' | 'issuedAt'>) => ({ commandId: cmd.id, issuedAt: cmd.issuedAt });
