import { z } from 'zod';
import { entityId } from '../schema-parts';
import { unitSchema, unitListSchema } from './schema';
import { TREE_PROBLEM_CODES } from './tree';

/**
 * The central's side of the command tree's administration (multi-level command): the tree as
 * an administrator edits it, and their changes. Like /users, every request is a workstation's
 * and carries an administrator's central session (SESSION_HEADER). A user's unit is changed at
 * /users (`{ kind: 'unit' }`), with the rest of the account.
 *
 *   GET  /units   → UnitsResult
 *   POST /units   body: UnitChange → UnitChangeResult, or a refusal naming what is wrong with
 *                 the tree it would make (`bad_tree`, 422, with `problems`; a removal refused
 *                 for what the unit still holds is one too)
 */

/** One thing wrong with a tree (shared/scope/tree.ts `TreeProblem`): the unit it is about, a code, and words for logs. */
export const treeProblemSchema = z.strictObject({
  unitId: z.string().max(64).nullable(),
  code: z.enum(TREE_PROBLEM_CODES),
  message: z.string().max(500),
});

export const unitsResultSchema = z.strictObject({ units: unitListSchema });
export type UnitsResult = z.infer<typeof unitsResultSchema>;

/** A site or a vehicle handed to another unit: it leaves the consoles of its old scope and appears in the new one's. */
export const unitAssignmentSchema = z.strictObject({ table: z.enum(['site', 'vehicle']), id: entityId, unitId: entityId });

export const unitChangeSchema = z.discriminatedUnion('kind', [
  /** A unit added (a new id) or edited (renamed, its area or address changed): the whole tree must stay sound. */
  z.strictObject({ kind: z.literal('save'), unit: unitSchema }),
  /** A unit, and everything under it, under another parent: never under itself or its own descendant. */
  z.strictObject({ kind: z.literal('move'), unitId: entityId, parentId: entityId }),
  z.strictObject({ kind: z.literal('assign'), ...unitAssignmentSchema.shape }),
  /** A unit taken off the tree: only a leaf that holds nothing and has nothing on record (shared/scope/tree.ts removalProblems). */
  z.strictObject({ kind: z.literal('remove'), unitId: entityId }),
]);
export type UnitChange = z.infer<typeof unitChangeSchema>;

/** What the change touched, before and after (the administrator's workstation audits both). */
export const unitChangeResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unit'), before: unitSchema.nullable(), after: unitSchema }),
  z.strictObject({ kind: z.literal('assignment'), before: unitAssignmentSchema, after: unitAssignmentSchema }),
  z.strictObject({ kind: z.literal('removed'), before: unitSchema }),
]);
export type UnitChangeResult = z.infer<typeof unitChangeResultSchema>;
