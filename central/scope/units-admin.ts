import type { CentralStore } from '../store';
import { unitSchema, type Unit } from '../../shared/scope/schema';
import { checkUnitTree, moveUnit, removalProblems, unitsOf, type TreeProblem, type UnitHoldings } from '../../shared/scope/tree';
import type { UnitChange, UnitChangeResult } from '../../shared/scope/central-api';

/**
 * The command tree's administration on the central (multi-level command): a unit added or
 * edited, a unit moved under another parent, a site or a vehicle handed to another unit, an
 * unused unit removed. Each is
 * checked whole before anything is written (a cycle, an orphan, a move under its own
 * descendant, an area outside its parent: `checkUnitTree`), and written in one transaction:
 * the change feed then moves what it owns between the consoles' scopes.
 */
export class UnitRefusal extends Error {
  constructor(
    readonly code: 'bad_tree' | 'not_found' | 'bad_request',
    message: string,
    readonly problems: readonly TreeProblem[] = [],
  ) {
    super(message);
  }
}

/** How /units answers each refusal: the request itself, a unit or row that is not there, a tree that would not be sound. */
export const UNIT_REFUSAL_STATUS: Readonly<Record<UnitRefusal['code'], number>> = { bad_request: 400, not_found: 404, bad_tree: 422 };

const treeRefusal = (problems: readonly TreeProblem[]): UnitRefusal => new UnitRefusal('bad_tree', problems.map((p) => p.message).join('; '), problems);

export function createUnitAdmin(store: CentralStore, changed: () => void) {
  const current = (): Unit[] => {
    const t = store.tree();
    return t ? unitsOf(t) : [];
  };
  const done = <T>(value: T): T => {
    changed();
    return value;
  };
  const admin = {
    list: (): Unit[] => current(),
    /** Adds a unit or replaces one (same id): refused unless the whole tree stays sound. */
    save(input: unknown): Unit {
      const parsed = unitSchema.safeParse(input);
      if (!parsed.success) throw new UnitRefusal('bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
      const unit = parsed.data;
      const units = current();
      const next = units.some((u) => u.id === unit.id) ? units.map((u) => (u.id === unit.id ? unit : u)) : [...units, unit];
      const checked = checkUnitTree(next);
      if (!checked.ok) throw treeRefusal(checked.problems);
      return done(store.inTransaction(() => (store.put('unit', unit), unit)));
    },
    /** Moves a unit (and everything under it) under another parent. */
    move(unitId: string, parentId: string): Unit {
      const t = store.tree();
      if (!t) throw new UnitRefusal('not_found', 'this central has no command tree');
      const checked = moveUnit(t, unitId, parentId);
      if (!checked.ok) throw treeRefusal(checked.problems);
      const moved = checked.tree.nodes.get(unitId)!.unit;
      return done(store.inTransaction(() => (store.put('unit', moved), moved)));
    },
    /** Hands a site or a vehicle to another unit: it leaves the consoles of the old scope and appears in the new. Gives the unit it belonged to. */
    assign(table: 'site' | 'vehicle', id: string, unitId: string): string {
      const t = store.tree();
      if (!t?.nodes.has(unitId)) throw new UnitRefusal('not_found', `there is no unit ${unitId} in the command tree`);
      const before = store.inTransaction(() => {
        if (table === 'site') {
          const row = store.get('site', id);
          if (!row) throw new UnitRefusal('not_found', `there is no site ${id}`);
          store.put('site', { ...row, unitId });
          return row.unitId ?? t.rootId;
        }
        const row = store.get('vehicle', id);
        if (!row) throw new UnitRefusal('not_found', `there is no vehicle ${id}`);
        store.put('vehicle', { ...row, unitId });
        // A row from before the tree (no unit) was the city's.
        return row.unitId ?? t.rootId;
      });
      return done(before);
    },
    /** What still belongs to a unit: its users, sites and vehicles, and the records kept under it. */
    holdings(unitId: string): UnitHoldings {
      const mine = (rows: readonly { unitId?: string }[]) => rows.filter((r) => r.unitId === unitId).length;
      return {
        users: mine(store.rows('user_account')),
        sites: mine(store.rows('site')),
        vehicles: mine(store.rows('vehicle')),
        records: mine(store.rows('request')) + mine(store.rows('alert')) + mine(store.rows('handover')),
      };
    },
    /** Takes a unit off the tree: a leaf that holds nothing and has nothing on record. Gives the unit removed. */
    remove(unitId: string): Unit {
      return done(
        store.inTransaction(() => {
          const t = store.tree();
          if (!t) throw new UnitRefusal('not_found', 'this central has no command tree');
          const problems = removalProblems(t, unitId, admin.holdings(unitId));
          if (problems.some((p) => p.code === 'unknown_unit')) throw new UnitRefusal('not_found', problems[0]!.message);
          if (problems.length > 0) throw treeRefusal(problems);
          const unit = t.nodes.get(unitId)!.unit;
          store.remove('unit', unitId);
          return unit;
        }),
      );
    },
  };
  return {
    ...admin,
    /** An administrator's change as /units takes it, with what it touched before and after (for their workstation's audit log). */
    apply(change: UnitChange): UnitChangeResult {
      switch (change.kind) {
        case 'save': {
          const before = current().find((u) => u.id === change.unit.id) ?? null;
          return { kind: 'unit', before, after: admin.save(change.unit) };
        }
        case 'move': {
          const before = current().find((u) => u.id === change.unitId) ?? null;
          const after = admin.move(change.unitId, change.parentId);
          return { kind: 'unit', before, after };
        }
        case 'assign': {
          const { table, id, unitId } = change;
          const was = admin.assign(table, id, unitId);
          return { kind: 'assignment', before: { table, id, unitId: was }, after: { table, id, unitId } };
        }
        case 'remove':
          return { kind: 'removed', before: admin.remove(change.unitId) };
      }
    },
  };
}
export type UnitAdmin = ReturnType<typeof createUnitAdmin>;
