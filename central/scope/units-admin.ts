import type { CentralStore } from '../store';
import { unitSchema, type Unit } from '../../shared/scope/schema';
import { checkUnitTree, moveUnit, unitsOf, type TreeProblem } from '../../shared/scope/tree';

/**
 * The command tree's administration on the central (multi-level command): a unit added or
 * edited, a unit moved under another parent, a site or a vehicle handed to another unit. Each is
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
  return {
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
    /** Hands a site or a vehicle to another unit: it leaves the consoles of the old scope and appears in the new. */
    assign(table: 'site' | 'vehicle', id: string, unitId: string): void {
      const t = store.tree();
      if (!t?.nodes.has(unitId)) throw new UnitRefusal('not_found', `there is no unit ${unitId} in the command tree`);
      store.inTransaction(() => {
        if (table === 'site') {
          const row = store.get('site', id);
          if (!row) throw new UnitRefusal('not_found', `there is no site ${id}`);
          store.put('site', { ...row, unitId });
        } else {
          const row = store.get('vehicle', id);
          if (!row) throw new UnitRefusal('not_found', `there is no vehicle ${id}`);
          store.put('vehicle', { ...row, unitId });
        }
      });
      changed();
    },
  };
}
export type UnitAdmin = ReturnType<typeof createUnitAdmin>;
