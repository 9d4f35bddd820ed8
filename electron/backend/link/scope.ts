import type { UserAccount } from '../../../shared/auth/schema';
import type { UnitTree } from '../../../shared/scope/tree';
import { checkUnitTree, inSubtree } from '../../../shared/scope/tree';
import type { Unit } from '../../../shared/scope/schema';
import { getMeta, recordSyncEvent, setMeta, type Db } from '../store/database';
import type { Logger } from '../log';
import { readTablesKey } from '../store/replica';
import { noteReplicaWrite } from '../../../shared/replica/access';

/**
 * Which scope this cache holds (multi-level command): the officer the central is told is at
 * this workstation (OFFICER_HEADER on every pull, snapshot, digest and the live stream), and
 * the marker of the scope the central last served (`scopeMarker`, on every page).
 *
 * A different officer signing in makes the cache theirs: in the sign-in's own transaction the
 * unit-owned tables are emptied — unless the new officer's unit lies above the old scope's, which
 * then shows nothing it should not — so no earlier-scope row stays visible, online or not; then
 * the cache re-synchronises from snapshots of the new scope (`Rewinder.rescope`). A page whose
 * marker is not the cache's (the tree was edited, the officer moved to another unit) does the
 * same before anything of it is applied.
 */
export const SCOPE_OFFICER_KEY = 'sync.scope_officer';
export const SCOPE_MARKER_KEY = 'sync.scope';

/**
 * The replica tables whose rows belong to a unit: what the central filters, and a change of
 * scope empties (the readiness ledger by the site it is kept at, handovers by their shift's
 * unit, the audit log's entries and the drills by the unit of the officer who acted).
 */
export const UNIT_OWNED_TABLES = ['site', 'stock', 'vehicle', 'request', 'dispatch', 'alert', 'asset', 'asset_event', 'repair', 'climate_reading', 'battery_day', 'handover', 'audit', 'drill'] as const;

export function createScopeKeeper(deps: {
  db: Db;
  units: () => Unit[];
  log: Logger;
  /** Re-synchronise the cache for the scope now named (snapshots). */
  rescope: (reason: string) => void;
}) {
  const { db, log } = deps;
  // The tree as this cache holds it, checked once per change of the unit table (its applied seq).
  let cached: { at: string; tree: UnitTree | null } | null = null;
  const tree = (): UnitTree | null => {
    // A reconciliation replacing the tree moves no seq: readTablesKey counts replacements too.
    const at = readTablesKey(db, 'unit');
    if (cached?.at !== at) {
      const units = deps.units();
      const checked = units.length > 0 ? checkUnitTree(units) : null;
      cached = { at, tree: checked?.ok ? checked.tree : null };
    }
    return cached.tree;
  };
  const marker = (): string | undefined => getMeta(db, SCOPE_MARKER_KEY);
  /** The unit a marker names (`unit@version`, or the city's id alone). */
  const unitOfMarker = (m: string | undefined): string | null => (m === undefined || m === 'all' ? null : m.split('@')[0]!);

  const wipe = (): void => {
    noteReplicaWrite(db);
    for (const t of UNIT_OWNED_TABLES) {
      db.prepare(`DELETE FROM ${t}`).run();
      db.prepare('DELETE FROM meta WHERE key = ?').run(`seq.${t}`);
    }
    db.prepare('DELETE FROM meta WHERE key = ?').run(SCOPE_MARKER_KEY);
    // And where the earlier scope's vehicles were: the positions and their trails.
    db.prepare('DELETE FROM position_latest').run();
    db.prepare('DELETE FROM position_trail').run();
  };

  return {
    /** The command tree this cache holds (null: none yet), for rules about places (a request's destination). */
    tree,
    /** Whom the central is told is here (null: nobody signed in here yet; the workstation's own unit is served). */
    officer: (): string | null => getMeta(db, SCOPE_OFFICER_KEY) ?? null,
    marker,
    /**
     * An officer signed in (call inside the sign-in's transaction). Nothing changes for the
     * same officer, or another of the same unit. Otherwise the cache is emptied of what the
     * new officer may not see, and re-synchronised.
     */
    signedIn(user: Pick<UserAccount, 'id' | 'unitId'>): void {
      const before = getMeta(db, SCOPE_OFFICER_KEY);
      if (before === user.id) return;
      setMeta(db, SCOPE_OFFICER_KEY, user.id);
      const t = tree();
      const newUnit = user.unitId ?? t?.rootId ?? null;
      const held = unitOfMarker(marker());
      // Nothing served with a scope yet (a new cache, a central from before scopes): the first page's marker decides.
      if (held === null) return;
      if (held === newUnit) return;
      // Above (or at) the scope held: every row held is the new officer's to see too; only more is missing.
      const widening = t !== null && held !== null && newUnit !== null && inSubtree(t, newUnit, held);
      if (!widening) wipe();
      log('info', 'sync.scope_changed', { from: held, to: newUnit, emptied: !widening });
      recordSyncEvent(db, 'scope_changed', `${held ?? 'unknown'} → ${newUnit ?? 'the city'}${widening ? '' : ': cache emptied of the earlier scope'}`);
      deps.rescope('scope_changed');
    },
    /**
     * A page's (or snapshot's) marker. The first one a cache sees is adopted when it is the
     * city's (a cache from before scopes held everything, which the city may see); any other
     * that is not the cache's re-synchronises it, and true says: apply nothing of this page.
     */
    served(m: string | undefined): boolean {
      if (m === undefined) return false;
      const held = marker();
      if (held === m) return false;
      if (held === undefined && !m.includes('@')) {
        setMeta(db, SCOPE_MARKER_KEY, m);
        return false;
      }
      log('info', 'sync.scope_marker_changed', { held: held ?? null, served: m });
      recordSyncEvent(db, 'scope_changed', `the central now serves ${m} (held ${held ?? 'none'})`);
      deps.rescope('scope_changed');
      return true;
    },
    /** After a re-synchronisation: the snapshots' scope is the cache's. */
    adopt(m: string | undefined): void {
      if (m === undefined) db.prepare('DELETE FROM meta WHERE key = ?').run(SCOPE_MARKER_KEY);
      else setMeta(db, SCOPE_MARKER_KEY, m);
    },
  };
}
export type ScopeKeeper = ReturnType<typeof createScopeKeeper>;
