import { z } from 'zod';
import { empty } from '../board/common';
import type { MethodMap } from '../board/method';
import { entityId } from '../schema-parts';
import { unitListSchema, unitSchema } from './schema';

/**
 * The command tree's administration (multi-level command), for administrators: made at the
 * central with their central session, like the users' (`user.*`), and audited on this
 * workstation with before and after, or with the refusal. A change that would break the tree (a
 * cycle, an orphan, a move under its own descendant) is refused `bad_tree` with its problems in
 * `params.problems` (`code@unitId,…`) and nothing written. A user's unit is `user.setUnit`.
 */
export const unitsMethods = {
  /** Every unit of the tree, from the central (not the cache): what an administrator edits. */
  'unit.list': { permission: 'users.admin', arg: empty, result: z.strictObject({ units: unitListSchema }) },
  /** Adds a unit (a new id) or edits one: its names, its address, its area. */
  'unit.save': { permission: 'users.admin', arg: z.strictObject({ unit: unitSchema }), result: z.strictObject({ unit: unitSchema }) },
  /** Moves a unit, and everything under it, under another parent. */
  'unit.move': { permission: 'users.admin', arg: z.strictObject({ unitId: entityId, parentId: entityId }), result: z.strictObject({ unit: unitSchema }) },
  /** Hands a site or a vehicle to another unit: it leaves the consoles of its old scope. */
  'unit.assign': { permission: 'users.admin', arg: z.strictObject({ table: z.enum(['site', 'vehicle']), id: entityId, unitId: entityId }), result: empty },
  /**
   * Takes a unit off the tree: only a leaf that holds no user, site or vehicle and has no
   * request, alert or handover on record (the reviews count those by unit); otherwise `bad_tree`
   * naming what it still holds, and nothing written.
   */
  'unit.remove': { permission: 'users.admin', arg: z.strictObject({ unitId: entityId }), result: z.strictObject({ unit: unitSchema }) },
} as const satisfies MethodMap;

/** `params.problems` of a `bad_tree` refusal: `code@unitId` (unitId empty for the whole tree), comma-separated, at most 200 characters. */
export function encodeTreeProblems(problems: readonly { code: string; unitId: string | null }[]): string {
  let out = '';
  for (const p of problems) {
    const next = `${out ? ',' : ''}${p.code}@${p.unitId ?? ''}`;
    if (out.length + next.length > 200) break;
    out += next;
  }
  return out;
}

export function decodeTreeProblems(encoded: unknown): { code: string; unitId: string | null }[] {
  if (typeof encoded !== 'string' || encoded === '') return [];
  return encoded.split(',').map((part) => {
    const at = part.indexOf('@');
    const code = at < 0 ? part : part.slice(0, at);
    const unitId = at < 0 ? '' : part.slice(at + 1);
    return { code, unitId: unitId === '' ? null : unitId };
  });
}
