import { isSupplySite, type SiteKind } from '../sites/schema';
import { visibility, type ScopedRowKind } from './rules';
import type { ScopeSettings } from './schema';
import type { UnitTree } from './tree';

/**
 * The change feed per scope (multi-level command): which changes, rows and live positions the
 * central sends a console. Pure; the central's store records each change's scope when it is
 * written (`ChangeScope`), and decides per console here when it is served.
 */

/** A change's recorded previous unit for a row that was written before units existed: every console had it. */
export const EVERYONE = '*';

/**
 * What the central records with each change:
 * - unitId: the unit the row belonged to when written; null for a table every console holds
 *   whole (items, users, the tree itself, the duty settings, …);
 * - prevUnitId: the unit it left, when this change moved it (EVERYONE: a row from before the
 *   tree, which every console was sent); null when it did not move;
 * - kind: what the row is to scope (`visibility`).
 */
export type ChangeScope = { unitId: string | null; prevUnitId: string | null; kind: ScopedRowKind | null };

/**
 * - send: the console is sent the change as it is;
 * - delete: the row left the console's scope with this change (moved to a unit it does not
 *   see): the console is sent a delete of it, so its cache holds nothing outside its scope;
 * - skip: not the console's: passed over (counted as filtered, the cursor still moves past it).
 */
export type FeedAction = 'send' | 'delete' | 'skip';

/** Whether a console of `consoleUnitId` sees a row of `unitId` and `kind` at all (own, source or neighbour). */
export function sees(tree: UnitTree, settings: ScopeSettings, consoleUnitId: string, unitId: string, kind: ScopedRowKind): boolean {
  if (unitId === EVERYONE || consoleUnitId === tree.rootId) return true;
  return visibility(tree, settings, consoleUnitId, { unitId, kind }) !== 'hidden';
}

export function feedAction(tree: UnitTree, settings: ScopeSettings, consoleUnitId: string, change: ChangeScope): FeedAction {
  if (change.unitId === null || change.kind === null) return 'send';
  if (sees(tree, settings, consoleUnitId, change.unitId, change.kind)) return 'send';
  if (change.prevUnitId !== null && sees(tree, settings, consoleUnitId, change.prevUnitId, change.kind)) return 'delete';
  return 'skip';
}

/** The kind a site is to scope: a supply site (a source to draw from) or a police station (a destination). */
export const siteScopeKind = (site: { kind: SiteKind }): ScopedRowKind => (isSupplySite(site) ? 'supplySite' : 'stationSite');

/**
 * The name a console's scope goes by, on every page, snapshot and digest the central sends
 * it: the unit, and for any console below the city the tree's version (the seq of its newest
 * change) — a tree edited on the central changes what every lower console may see, so its
 * marker changes and the console re-synchronises. The city sees everything whatever the tree.
 */
export function scopeMarker(tree: UnitTree | null, unitId: string, treeVersion: number): string {
  if (tree === null || unitId === tree.rootId) return tree === null ? 'all' : tree.rootId;
  return `${unitId}@${treeVersion}`;
}
