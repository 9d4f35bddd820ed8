import {
  allBoardMethods,
  BoardError,
  clientMessageSchema,
  describeIssues,
  INTERNAL_CALLER,
  isBoardMethod,
  isDemoMethod,
  type BoardMethod,
  type CallerContext,
  type ServerMessage,
} from '../../../shared/board-api';
import type { Permission } from '../../../shared/permissions';
import type { Handlers } from './handler-types';
import { errorMessage, type Logger } from '../log';

/**
 * Whether a caller may use a permission. Until the logins exist every caller of a running
 * board may do everything it serves (the transports admit only the board's own windows
 * and token holders), except a wall: its token is kept on a wall PC for good, so it only
 * reads. The check runs on every call so the logins only change this function.
 */
export type Authorize = (ctx: CallerContext, permission: Permission) => boolean;
export const allowServed: Authorize = (ctx, permission) => ctx.credential !== 'wall' || permission === 'board.read';

/**
 * Validates one message from a renderer and answers it. Every call carries its caller
 * (ctx) to the permission check and on to the handler. Nothing a client sends can throw
 * out of here: every failure becomes a `{ code, message }` result.
 */
export function createDispatcher(handlers: Handlers, log: Logger, opts: { demo?: boolean; authorize?: Authorize } = {}) {
  const authorize = opts.authorize ?? allowServed;
  /** Demo methods exist only in the demo build: elsewhere they are as unknown as a typo. */
  const served = (method: string): method is BoardMethod => isBoardMethod(method) && (opts.demo === true || !isDemoMethod(method));

  async function call(method: BoardMethod, rawArg: unknown, ctx: CallerContext = INTERNAL_CALLER): Promise<unknown> {
    if (!served(method)) throw new BoardError('unknown_method', `unknown method '${String(method).slice(0, 64)}'`);
    const spec = allBoardMethods[method];
    if (!authorize(ctx, spec.permission)) throw new BoardError('forbidden', `${method} needs ${spec.permission}`, { permission: spec.permission });
    const arg = spec.arg.safeParse(rawArg ?? {});
    if (!arg.success) throw new BoardError('bad_request', `${method}: ${describeIssues(arg.error)}`);
    const handler = handlers[method] as (c: CallerContext, a: unknown) => unknown;
    const value = await handler(ctx, arg.data);
    // Checking our own answers catches a backend bug here rather than in the UI.
    const checked = spec.result.safeParse(value);
    if (!checked.success) throw new BoardError('internal', `${method}: answer failed its schema: ${describeIssues(checked.error)}`);
    return checked.data;
  }

  async function handle(raw: unknown, ctx: CallerContext): Promise<ServerMessage> {
    const msg = clientMessageSchema.safeParse(raw);
    if (!msg.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : 0;
      log('warn', 'board.bad_message', { reason: describeIssues(msg.error), origin: ctx.origin });
      return { kind: 'result', id: Math.max(0, Math.trunc(id)) || 0, ok: false, error: { code: 'bad_request', message: `bad message: ${describeIssues(msg.error)}` } };
    }
    const { id, method } = msg.data;
    if (!served(method)) {
      return { kind: 'result', id, ok: false, error: { code: 'unknown_method', message: `unknown method '${method.slice(0, 64)}'` } };
    }
    try {
      return { kind: 'result', id, ok: true, value: await call(method, msg.data.arg, ctx) };
    } catch (e) {
      if (e instanceof BoardError) return { kind: 'result', id, ok: false, error: e.toJSON() };
      log('error', 'board.handler_failed', { method, message: errorMessage(e), origin: ctx.origin });
      return { kind: 'result', id, ok: false, error: { code: 'internal', message: `${method} failed: ${errorMessage(e)}`.slice(0, 2000) } };
    }
  }

  return { handle, call };
}
