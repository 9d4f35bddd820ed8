import type { z } from 'zod';
import type { RowOf, TableName } from '../replica/registry';
import type { Actor } from '../auth/schema';
import type { Permission } from '../permissions';
import type { UnitTree } from '../scope/tree';
import type { ScopeSettings } from '../scope/schema';
import type { Role } from '../auth/roles';

/**
 * The tables a command reads and writes. The central runs a command against its database;
 * a board runs the same rules against its view (the replica with the commands it has not
 * seen applied yet laid over it), so what the board shows meanwhile is what the central
 * will do, not a second copy of the rules that could drift.
 */
export type TableTx = {
  get<N extends TableName>(table: N, key: string): RowOf<N> | undefined;
  put<N extends TableName>(table: N, row: RowOf<N>): void;
  /** Rows whose declared column (replica/table.ts) has this value. */
  where<N extends TableName>(table: N, column: string, value: string | number): RowOf<N>[];
};

export type ApplyCtx = {
  /** When the command is applied (the central's clock, or the board's for its view). */
  at: number;
  /**
   * The area the city covers, [west, south, east, north], where the applier knows it (the
   * central: its city's bounds). Rules about places (a site's position) refuse what lies
   * outside; a board's view leaves it out (its handlers check against the base map).
   */
  area?: readonly [number, number, number, number];
  /**
   * Who issued it (the officer's username; 'system' for the workstation's own actor), where
   * a rule records it (an asset's timeline, who filed or decided a repair). The central:
   * the officer the command carries (checked against its users); a board's view: the
   * officer who queued it.
   */
  by?: string;
  /** The command's id, where a rule derives a row's id from it. */
  commandId?: string;
  /**
   * The command tree (multi-level command), where the applier holds one: rules about whose a
   * place is (a request's destination must lie in a county) refuse what no unit answers for.
   */
  units?: UnitTree;
  /** The scope settings (the large-allocation threshold), where the applier has them; else the defaults. */
  scopeSettings?: ScopeSettings;
  /**
   * The issuing officer's role and unit, where the applier knows them (the central: from its
   * users; null for the workstation's own actor). Rules that depend on who decides (approving
   * a plan) check it; a board's view leaves it out (its handler checks before queuing).
   */
  officer?: { role: Role; unitId: string } | null;
};

export type ApplyResult = { ok: true } | { ok: false; code: string; reason: string };
export const applied: ApplyResult = { ok: true };
export const refuse = (code: string, reason: string): ApplyResult => ({ ok: false, code, reason });

/** A thing the UI names the way officers know it (a site's name, a vehicle's plate). */
export type EntityRef = { ref: 'site' | 'item' | 'vehicle' | 'request' | 'dispatch'; id: string };
/** Goods by item (and site): "快取点03 救生衣 40 件；…". */
export type Loads = { loads: { siteId?: string; itemId: string; quantity: number }[] };
export type DescribeParam = string | number | EntityRef | Loads;

/**
 * How the audit log and the conflict panel say what a command does: an i18n key (in the
 * renderer's `format:command` texts) and its parameters, never a sentence.
 */
export type CommandDescription = { key: string; params: Record<string, DescribeParam> };

/**
 * An officer's action, in one module: its payload schema, the permission it needs, what it
 * touches (for the "pending upload" marks), how the central applies it and with which codes
 * it refuses, what the board shows while it is unconfirmed, and how it is described.
 * Registered in commands/registry.ts; commands.registry.test.ts checks each has every part.
 */
export type CommandModule<T extends string = string, P = unknown> = {
  type: T;
  domain: 'fleet' | 'sites' | 'dispatch' | 'assets' | 'duty';
  payload: z.ZodType<P>;
  permission: Permission;
  /** What it touches: 'vehicle:<id>', 'stock:<site>/<item>', 'request:<id>', 'dispatch:<id>', 'asset:<id>', 'repair:<id>', 'alert:<id>', 'handover:<id>', 'drill:<id>', 'duty:settings'. */
  target(p: P): string;
  /** The central's rules. Writes only through `tx`; refuses with one of `refusals`. */
  apply(tx: TableTx, p: P, ctx: ApplyCtx): ApplyResult;
  refusals: readonly string[];
  /**
   * Its effect on the board's view while unconfirmed: 'apply' runs the central's rules on
   * the view (a command the view already refuses shows no effect, as the central will do).
   */
  overlay: 'apply';
  describe(p: P): CommandDescription;
  /** What the central holds of the thing it touches, shown beside a refusal. */
  serverRow(tx: TableTx, p: P): unknown;
};

export function defineCommand<T extends string, P>(m: CommandModule<T, P>): CommandModule<T, P> {
  return m;
}

/**
 * The wire form of a command: an envelope with the client-generated id (the idempotency key)
 * and who issued it (absent: the workstation's own 'system' actor).
 */
export type CommandOf<M> = M extends CommandModule<infer T, infer P> ? { id: string; type: T; issuedAt: number; payload: P; actor?: Actor } : never;
