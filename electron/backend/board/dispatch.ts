import {
  BoardError,
  boardMethods,
  clientMessageSchema,
  describeIssues,
  isBoardMethod,
  type BoardMethod,
  type ServerMessage,
} from '../../../shared/board-api';
import type { Handlers } from './handlers';
import { errorMessage, type Logger } from '../log';

/**
 * Validates one message from a renderer and answers it. Nothing a client sends can
 * throw out of here: every failure becomes a `{ code, message }` result.
 */
export function createDispatcher(handlers: Handlers, log: Logger) {
  async function call(method: BoardMethod, rawArg: unknown): Promise<unknown> {
    const spec = boardMethods[method];
    const arg = spec.arg.safeParse(rawArg ?? {});
    if (!arg.success) throw new BoardError('bad_request', `${method}: ${describeIssues(arg.error)}`);
    const handler = handlers[method] as (a: unknown) => unknown;
    const value = await handler(arg.data);
    // Checking our own answers catches a backend bug here rather than in the UI.
    const checked = spec.result.safeParse(value);
    if (!checked.success) throw new BoardError('internal', `${method}: answer failed its schema: ${describeIssues(checked.error)}`);
    return checked.data;
  }

  async function handle(raw: unknown): Promise<ServerMessage> {
    const msg = clientMessageSchema.safeParse(raw);
    if (!msg.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : 0;
      log('warn', 'board.bad_message', { reason: describeIssues(msg.error) });
      return { kind: 'result', id: Math.max(0, Math.trunc(id)) || 0, ok: false, error: { code: 'bad_request', message: `bad message: ${describeIssues(msg.error)}` } };
    }
    const { id, method } = msg.data;
    if (!isBoardMethod(method)) {
      return { kind: 'result', id, ok: false, error: { code: 'unknown_method', message: `unknown method '${method.slice(0, 64)}'` } };
    }
    try {
      return { kind: 'result', id, ok: true, value: await call(method, msg.data.arg) };
    } catch (e) {
      if (e instanceof BoardError) return { kind: 'result', id, ok: false, error: e.toJSON() };
      log('error', 'board.handler_failed', { method, message: errorMessage(e) });
      return { kind: 'result', id, ok: false, error: { code: 'internal', message: `${method} failed: ${errorMessage(e)}`.slice(0, 2000) } };
    }
  }

  return { handle, call };
}
