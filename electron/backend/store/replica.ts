import type { Change, ChangesPage, ReplicaTable, TableSnapshot } from '../../../shared/central-api';
import type { DispatchOrder, ItemType, Site, Stock, SupplyRequest, Vehicle } from '../../../shared/domain';
import type { StockLine } from '../../../shared/board-api';
import { getMeta, setMeta, type Db } from './database';
import { createReplicaAccess, replicaWrites } from '../../../shared/replica/access';

const CURSOR_KEY = 'central.cursor';
const CHAIN_KEY = 'central.chain';
const KNOWN_KEY = 'central.known';

export function readCursor(db: Db): number {
  const v = getMeta(db, CURSOR_KEY);
  return v === undefined ? 0 : Number(v);
}

/** The central's hash chain at our cursor (null: pulled before chains existed, or nothing yet). */
export function readChain(db: Db): string | null {
  return getMeta(db, CHAIN_KEY) ?? null;
}

/**
 * The newest point of the central's history this cache has seen: the pulled cursor, or a
 * later point at which one of our commands was applied. Sent with every pull and push, so
 * the central refuses to serve or apply anything for a view of history it does not hold.
 */
export function readKnown(db: Db): { seq: number; chain: string } | null {
  const v = getMeta(db, KNOWN_KEY);
  if (v === undefined) return null;
  const parsed = JSON.parse(v) as { seq: number; chain: string };
  return typeof parsed.seq === 'number' && typeof parsed.chain === 'string' ? parsed : null;
}
export function writeKnownIfNewer(db: Db, point: { seq: number; chain: string }): void {
  const known = readKnown(db);
  if (!known || point.seq > known.seq) setMeta(db, KNOWN_KEY, JSON.stringify(point));
}
export function resetKnown(db: Db, point: { seq: number; chain: string } | null): void {
  if (point) setMeta(db, KNOWN_KEY, JSON.stringify(point));
  else db.prepare('DELETE FROM meta WHERE key = ?').run(KNOWN_KEY);
}

/** How many pulled points of the central's history the cache keeps (history_point). */
export const HISTORY_POINTS_KEPT = 1000;

/**
 * Pulled points of the central's history, newest first. All of one history: a rewind
 * removes those after the fork (forgetHistoryAfter) before it adds the snapshots' point.
 */
export function readHistoryPoints(db: Db, limit: number): { seq: number; chain: string }[] {
  return db.prepare('SELECT seq, chain FROM history_point ORDER BY seq DESC LIMIT ?').all(limit) as { seq: number; chain: string }[];
}
export function forgetHistoryAfter(db: Db, seq: number): void {
  db.prepare('DELETE FROM history_point WHERE seq > ?').run(seq);
}

/** The newest change seq applied to a table: reconciliation compares a table only at the same point. */
export function readTableSeq(db: Db, table: ReplicaTable): number {
  const v = getMeta(db, `seq.${table}`);
  return v === undefined ? 0 : Number(v);
}

/** Wholesale replacements per open database (kept in memory: only this process's caches key on it). */
const replacements = new WeakMap<Db, number>();
/**
 * How many times tables were replaced wholesale here (a reconciliation's table, a rewind's
 * snapshots). Neither moves a table's seq as a pull does (a reconciliation keeps the seq it
 * compared), so a figure kept by seq keys on this too, or it would lag until the next pull
 * that touches its table. A memory read: it sits on paths called per board request.
 */
export function readReplaceCount(db: Db): number {
  return replacements.get(db) ?? 0;
}
const noteReplaced = (db: Db) => void replacements.set(db, readReplaceCount(db) + 1);

/**
 * What a figure read from these tables is kept by: their change-feed seqs and the count of
 * wholesale replacements (a pull moves the seqs; a reconciliation or a rewind only the count).
 * Equal keys: the tables hold the same rows as when the figure was read.
 */
export function readTablesKey(db: Db, ...tables: ReplicaTable[]): string {
  return `${tables.map((t) => readTableSeq(db, t)).join('/')}#${readReplaceCount(db)}`;
}

/**
 * Applies one validated change-feed page and advances the cursor in the same
 * transaction: after a crash the cache and the cursor always agree, so a pull
 * resumes exactly where the last committed page ended.
 */
export function createReplicaWriter(db: Db) {
  const access = createReplicaAccess(db);
  const forgetLatest = db.prepare('DELETE FROM position_latest WHERE vehicle_no = ?');
  const forgetTrail = db.prepare('DELETE FROM position_trail WHERE vehicle_no = ?');
  const applyChange = (c: Change): void => {
    if (c.op === 'delete') {
      // A vehicle gone from this cache (it left the console's scope) keeps no place on its map either.
      const no = c.table === 'vehicle' ? access.get('vehicle', c.key)?.no : undefined;
      if (no !== undefined) {
        forgetLatest.run(no);
        forgetTrail.run(no);
      }
      access.remove(c.table, c.key);
    } else access.put(c.table, c.row as never);
  };
  // A command of ours still pending whose change is in the feed was applied (its answer was
  // lost or is yet to come): from now on the mirror shows its effect, the overlay must not.
  const appliedByFeed = db.prepare(
    `UPDATE outbox SET state = 'applied', applied_cursor = ?, unknown_since = NULL, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'pending'`,
  );
  const addPoint = db.prepare('INSERT OR REPLACE INTO history_point (seq, chain) VALUES (?, ?)');
  const prunePoints = db.prepare(`DELETE FROM history_point WHERE seq <= (SELECT seq FROM history_point ORDER BY seq DESC LIMIT 1 OFFSET ${HISTORY_POINTS_KEPT})`);
  const laterChangeOf = db.prepare(`UPDATE outbox SET applied_cursor = ? WHERE id = ? AND state = 'applied' AND applied_chain IS NULL AND applied_cursor < ?`);
  const applyPage: (page: ChangesPage) => ReplicaTable[] = db.transaction((page: ChangesPage): ReplicaTable[] => {
    const before = readCursor(db);
    const touched = new Map<ReplicaTable, number>();
    for (const c of page.changes) {
      // A page may overlap what we already have (a retried request): skip, don't re-apply.
      if (c.seq <= before) continue;
      applyChange(c);
      touched.set(c.table, c.seq);
      if (c.cmd && appliedByFeed.run(c.seq, Date.now(), c.cmd).changes === 0) laterChangeOf.run(c.seq, c.cmd, c.seq);
    }
    for (const [table, seq] of touched) setMeta(db, `seq.${table}`, String(seq));
    if (page.cursor > before) {
      setMeta(db, CURSOR_KEY, String(page.cursor));
      setMeta(db, CHAIN_KEY, page.chain);
      writeKnownIfNewer(db, { seq: page.cursor, chain: page.chain });
      addPoint.run(page.cursor, page.chain);
      prunePoints.run();
    } else if (page.cursor === before && readChain(db) === null) {
      setMeta(db, CHAIN_KEY, page.chain);
      writeKnownIfNewer(db, { seq: page.cursor, chain: page.chain });
    }
    return [...touched.keys()];
  });

  /** Replaces one table with the central's copy (reconciliation after drift). The cursor is left alone. */
  const replaceTable: (snap: TableSnapshot) => void = db.transaction((snap: TableSnapshot) => {
    access.clear(snap.table);
    for (const row of snap.rows) access.put(snap.table, row as never);
    noteReplaced(db);
  });

  /**
   * A rewind: every table replaced by the central's snapshots in one transaction. The
   * snapshots were taken one after another, so the cursor goes back to the oldest of them
   * and the next pull replays the changes after it (full-row upserts: replaying a change
   * the snapshot already holds lands on the same row), ending at the central's head.
   */
  const replaceAll: (snaps: readonly TableSnapshot[]) => void = db.transaction((snaps: readonly TableSnapshot[]) => {
    if (snaps.length === 0) return;
    const oldest = snaps.reduce((a, b) => (b.cursor < a.cursor ? b : a));
    for (const snap of snaps) {
      access.clear(snap.table);
      for (const row of snap.rows) access.put(snap.table, row as never);
      setMeta(db, `seq.${snap.table}`, String(Math.min(snap.lastSeq, oldest.cursor)));
    }
    setMeta(db, CURSOR_KEY, String(oldest.cursor));
    setMeta(db, CHAIN_KEY, oldest.chain);
    resetKnown(db, { seq: oldest.cursor, chain: oldest.chain });
    noteReplaced(db);
    if (oldest.cursor > 0) addPoint.run(oldest.cursor, oldest.chain);
  });
  return { applyPage, replaceTable, replaceAll };
}

/**
 * The replica as the backend reads it: generic access by key and declared column (what a
 * command's rules and the view overlay need), plus the lists the board shows, in their order.
 */
export function createReplicaReader(db: Db) {
  const access = createReplicaAccess(db);
  const requestsSince = db.prepare("SELECT row FROM request WHERE created_at >= ? OR status IN ('open', 'dispatched') ORDER BY created_at DESC LIMIT ?");
  const rows = <T>(stmt: { all: (...a: unknown[]) => unknown[] }, ...args: unknown[]): T[] =>
    (stmt.all(...args) as { row: string }[]).map((r) => JSON.parse(r.row) as T);
  const byKindThenId = (a: Site, b: Site) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const categoryOrder = (a: ItemType, b: ItemType) => (a.category < b.category ? -1 : a.category > b.category ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    /** Writes to the replica tables so far (any access to this database): a kept view built before a later write is stale. */
    writes: (): number => replicaWrites(db),
    get: access.get,
    where: access.where,
    /** Every row of a table, by key (reconciliation digests them). */
    all: access.all,
    /** Requests still open or en route, and those created since `since` (newest first). */
    requests: (since: number, limit = 500): SupplyRequest[] => rows<SupplyRequest>(requestsSince, since, limit),
    allRequests: (): SupplyRequest[] => access.all('request'),
    request: (id: string): SupplyRequest | undefined => access.get('request', id),
    allDispatches: (): DispatchOrder[] => access.all('dispatch'),
    dispatch: (id: string): DispatchOrder | undefined => access.get('dispatch', id),
    dispatchesOf: (requestId: string): DispatchOrder[] => access.where('dispatch', 'request_id', requestId),
    dispatchesEnroute: (): DispatchOrder[] => access.where('dispatch', 'status', 'enroute'),
    allStock: (): Stock[] => access.all('stock'),
    sites: (): Site[] => access.all('site').sort(byKindThenId),
    items: (): ItemType[] => access.all('item').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    vehicles: (): Vehicle[] => access.all('vehicle').sort((a, b) => a.no - b.no),
    site: (id: string): Site | undefined => access.get('site', id),
    vehicle: (id: string): Vehicle | undefined => access.get('vehicle', id),
    /** A site's stock with its item types, equipment and consumables apart, as the site panel lists it. */
    stockOf: (siteId: string): StockLine[] => {
      const items = new Map(access.all('item').map((i) => [i.id, i]));
      return access
        .where('stock', 'site_id', siteId)
        .flatMap((s) => {
          const item = items.get(s.itemId);
          return item ? [{ item, quantity: s.quantity, safetyLevel: s.safetyLevel }] : [];
        })
        .sort((a, b) => categoryOrder(a.item, b.item));
    },
  };
}
export type ReplicaReader = ReturnType<typeof createReplicaReader>;
