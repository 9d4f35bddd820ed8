import type { z } from 'zod';
import type { Permission } from '../permissions';

/**
 * One board API method: its argument and answer (both sides validate them) and the
 * permission a caller needs (the backend checks it on every call). Each domain declares
 * its methods beside its handlers; shared/board-api.ts is their union.
 */
export type MethodSpec = { arg: z.ZodType; result: z.ZodType; permission: Permission };
export type MethodMap = Record<string, MethodSpec>;
export type EventMap = Record<string, z.ZodType>;
