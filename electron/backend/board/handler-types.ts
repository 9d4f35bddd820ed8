import type { z } from 'zod';
import type { BoardMethod, BoardMethods, CallerContext, MethodResult } from '../../../shared/board-api';

/** What a handler receives: the argument after its schema (defaults applied). */
export type MethodInput<M extends BoardMethod> = z.output<BoardMethods[M]['arg']>;

/** One method's handler: the caller and one validated argument in, one value out (STYLE.md, habit 2). */
export type Handler<M extends BoardMethod> = (ctx: CallerContext, arg: MethodInput<M>) => MethodResult<M> | Promise<MethodResult<M>>;

/** The handlers of one domain's methods (its shared/<domain>/api.ts map): every one, no other. */
export type HandlersOf<Methods> = { [M in keyof Methods & BoardMethod]: Handler<M> };

/** Every method of the board API, each domain's handlers together. */
export type Handlers = HandlersOf<BoardMethods>;
