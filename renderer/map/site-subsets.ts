import type { Site } from '../../shared/domain';

/**
 * Subsets of the site list, cached per list so that a layer rebuilt for another reason
 * (selection, visibility) keeps the same `data` and deck.gl does not re-run its accessors.
 */
function subsetBy(keep: (site: Site) => boolean): (sites: readonly Site[]) => readonly Site[] {
  const cache = new WeakMap<readonly Site[], readonly Site[]>();
  return (sites) => {
    let subset = cache.get(sites);
    if (!subset) cache.set(sites, (subset = sites.filter(keep)));
    return subset;
  };
}

export const depotsOf = subsetBy((s) => s.kind === 'central' || s.kind === 'regional');
export const quickPickPointsOf = subsetBy((s) => s.kind === 'quickpick');
export const stationsOf = subsetBy((s) => s.kind === 'station');
