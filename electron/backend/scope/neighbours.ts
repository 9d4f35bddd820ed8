import { siteScopeKind } from '../../../shared/scope/feed';
import { DEFAULT_SCOPE_SETTINGS } from '../../../shared/scope/schema';
import { visibility } from '../../../shared/scope/rules';
import type { UnitTree } from '../../../shared/scope/tree';
import type { ScopedRowKind } from '../../../shared/scope/rules';
import type { Site } from '../../../shared/sites/schema';
import type { Vehicle } from '../../../shared/fleet/schema';

/**
 * Which of the sites and vehicles this cache holds are a neighbouring unit's for the console
 * (multi-level command): the central sends them when its showNeighbours setting allows, and the
 * board shows them faded and read-only. Asked of the row whatever the setting says now (a row
 * held is a neighbour's by where it sits in the tree), so a neighbour's row is never taken for
 * the console's own. A row without a unit, or with no tree or console unit known, is the
 * console's own (as the central treats it).
 */
export function createNeighbourJudge(d: { tree: () => UnitTree | null; consoleUnit: () => string | null }) {
  const ask = (kind: ScopedRowKind, unitId: string | undefined, tree: UnitTree | null, unit: string | null): boolean =>
    tree !== null && unit !== null && unitId !== undefined && visibility(tree, { ...DEFAULT_SCOPE_SETTINGS, showNeighbours: true }, unit, { unitId, kind }) === 'neighbour';
  const judge = () => {
    const tree = d.tree();
    const unit = d.consoleUnit();
    return {
      site: (s: Pick<Site, 'kind' | 'unitId'>): boolean => ask(siteScopeKind(s), s.unitId, tree, unit),
      vehicle: (v: Pick<Vehicle, 'unitId'>): boolean => ask('vehicle', v.unitId, tree, unit),
    };
  };
  return {
    /** A judge for one read (the tree and the console's unit read once). */
    judge,
    /** The sites and vehicles marked for the board: `neighbour: true` on a neighbour's. */
    mark<S extends Pick<Site, 'kind' | 'unitId'>, V extends Pick<Vehicle, 'unitId'>>(sites: readonly S[], vehicles: readonly V[]) {
      const j = judge();
      return {
        sites: sites.map((s) => (j.site(s) ? { ...s, neighbour: true as const } : s)),
        vehicles: vehicles.map((v) => (j.vehicle(v) ? { ...v, neighbour: true as const } : v)),
      };
    },
  };
}
export type NeighbourJudge = ReturnType<typeof createNeighbourJudge>;
