import type { Change, ChangesPage, ReplicaTable, TableSnapshot } from '../../../shared/central-api';
import type { DispatchOrder, ItemType, Site, Stock, SupplyRequest, Vehicle } from '../../../shared/domain';
import type { StockLine } from '../../../shared/board-api';
import { getMeta, setMeta, type Db } from './database';

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

/** The newest change seq applied to a table: reconciliation compares a table only at the same point. */
export function readTableSeq(db: Db, table: ReplicaTable): number {
  const v = getMeta(db, `seq.${table}`);
  return v === undefined ? 0 : Number(v);
}

type SiteRow = { id: string; kind: Site['kind']; name: string; name_en: string; address: string; lon: number; lat: number };
type ItemRow = { id: string; name: string; name_en: string; unit: string; unit_en: string; category: ItemType['category'] };
type VehicleRow = { id: string; no: number; plate: string; kind: Vehicle['kind']; status: Vehicle['status']; crew: string; home_site_id: string; capacity: number };

const toSite = (r: SiteRow): Site => ({ id: r.id, kind: r.kind, name: r.name, nameEn: r.name_en, address: r.address, lon: r.lon, lat: r.lat });
const toItem = (r: ItemRow): ItemType => ({ id: r.id, name: r.name, nameEn: r.name_en, unit: r.unit, unitEn: r.unit_en, category: r.category });
const toVehicle = (r: VehicleRow): Vehicle => ({
  id: r.id, no: r.no, plate: r.plate, kind: r.kind, status: r.status,
  crew: JSON.parse(r.crew) as string[], homeSiteId: r.home_site_id, capacity: r.capacity,
});

/**
 * Applies one validated change-feed page and advances the cursor in the same
 * transaction: after a crash the cache and the cursor always agree, so a pull
 * resumes exactly where the last committed page ended.
 */
export function createReplicaWriter(db: Db) {
  const upsertSite = db.prepare(`INSERT INTO site (id, kind, name, name_en, address, lon, lat) VALUES (@id, @kind, @name, @nameEn, @address, @lon, @lat)
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, name_en = excluded.name_en, address = excluded.address, lon = excluded.lon, lat = excluded.lat`);
  const upsertItem = db.prepare(`INSERT INTO item (id, name, name_en, unit, unit_en, category) VALUES (@id, @name, @nameEn, @unit, @unitEn, @category)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, unit = excluded.unit, unit_en = excluded.unit_en, category = excluded.category`);
  const upsertStock = db.prepare(`INSERT INTO stock (site_id, item_id, quantity, safety_level) VALUES (@siteId, @itemId, @quantity, @safetyLevel)
    ON CONFLICT (site_id, item_id) DO UPDATE SET quantity = excluded.quantity, safety_level = excluded.safety_level`);
  const upsertVehicle = db.prepare(`INSERT INTO vehicle (id, no, plate, kind, status, crew, home_site_id, capacity) VALUES (@id, @no, @plate, @kind, @status, @crew, @homeSiteId, @capacity)
    ON CONFLICT (id) DO UPDATE SET no = excluded.no, plate = excluded.plate, kind = excluded.kind, status = excluded.status, crew = excluded.crew, home_site_id = excluded.home_site_id, capacity = excluded.capacity`);
  const upsertRequest = db.prepare(`INSERT INTO request (id, status, created_at, row) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, row = excluded.row`);
  const upsertDispatch = db.prepare(`INSERT INTO dispatch (id, request_id, vehicle_id, status, row) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET request_id = excluded.request_id, vehicle_id = excluded.vehicle_id, status = excluded.status, row = excluded.row`);
  const deletes: Record<ReplicaTable, (key: string) => void> = {
    request: (k) => void db.prepare('DELETE FROM request WHERE id = ?').run(k),
    dispatch: (k) => void db.prepare('DELETE FROM dispatch WHERE id = ?').run(k),
    site: (k) => void db.prepare('DELETE FROM site WHERE id = ?').run(k),
    item: (k) => void db.prepare('DELETE FROM item WHERE id = ?').run(k),
    vehicle: (k) => void db.prepare('DELETE FROM vehicle WHERE id = ?').run(k),
    stock: (k) => {
      const [siteId, itemId] = k.split('/');
      db.prepare('DELETE FROM stock WHERE site_id = ? AND item_id = ?').run(siteId, itemId);
    },
  };

  const applyChange = (c: Change): void => {
    if (c.op === 'delete') return deletes[c.table](c.key);
    switch (c.table) {
      case 'site': upsertSite.run(c.row); break;
      case 'item': upsertItem.run(c.row); break;
      case 'stock': upsertStock.run(c.row satisfies Stock); break;
      case 'vehicle': upsertVehicle.run({ ...c.row, crew: JSON.stringify(c.row.crew) }); break;
      case 'request': upsertRequest.run(c.row.id, c.row.status, c.row.createdAt, JSON.stringify(c.row)); break;
      case 'dispatch': upsertDispatch.run(c.row.id, c.row.requestId, c.row.vehicleId, c.row.status, JSON.stringify(c.row)); break;
    }
  };

  // A command of ours still pending whose change is in the feed was applied (its answer was
  // lost or is yet to come): from now on the mirror shows its effect, the overlay must not.
  const appliedByFeed = db.prepare(
    `UPDATE outbox SET state = 'applied', applied_cursor = ?, unknown_since = NULL, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'pending'`,
  );
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
    } else if (page.cursor === before && readChain(db) === null) {
      setMeta(db, CHAIN_KEY, page.chain);
      writeKnownIfNewer(db, { seq: page.cursor, chain: page.chain });
    }
    return [...touched.keys()];
  });

  /** Replaces one table with the central's copy (reconciliation after drift). The cursor is left alone. */
  const replaceTable: (snap: TableSnapshot) => void = db.transaction((snap: TableSnapshot) => {
    db.prepare(`DELETE FROM ${snap.table}`).run();
    for (const row of snap.rows) applyChange({ seq: 1, table: snap.table, op: 'upsert', key: '', row } as Change);
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
      db.prepare(`DELETE FROM ${snap.table}`).run();
      for (const row of snap.rows) applyChange({ seq: 1, table: snap.table, op: 'upsert', key: '', row } as Change);
      setMeta(db, `seq.${snap.table}`, String(Math.min(snap.lastSeq, oldest.cursor)));
    }
    setMeta(db, CURSOR_KEY, String(oldest.cursor));
    setMeta(db, CHAIN_KEY, oldest.chain);
    resetKnown(db, { seq: oldest.cursor, chain: oldest.chain });
  });
  return { applyPage, replaceTable, replaceAll };
}

export function createReplicaReader(db: Db) {
  const sites = db.prepare('SELECT * FROM site ORDER BY kind, id');
  const items = db.prepare('SELECT * FROM item ORDER BY id');
  const vehicles = db.prepare('SELECT * FROM vehicle ORDER BY no');
  const site = db.prepare('SELECT * FROM site WHERE id = ?');
  const vehicle = db.prepare('SELECT * FROM vehicle WHERE id = ?');
  const stockOf = db.prepare(`SELECT s.quantity, s.safety_level, i.* FROM stock s JOIN item i ON i.id = s.item_id
    WHERE s.site_id = ? ORDER BY i.category, i.id`);
  const stockAll = db.prepare('SELECT * FROM stock');
  const requestsSince = db.prepare("SELECT row FROM request WHERE created_at >= ? OR status IN ('open', 'dispatched') ORDER BY created_at DESC LIMIT ?");
  const requestAll = db.prepare('SELECT row FROM request');
  const requestOne = db.prepare('SELECT row FROM request WHERE id = ?');
  const dispatchAll = db.prepare('SELECT row FROM dispatch');
  const dispatchOne = db.prepare('SELECT row FROM dispatch WHERE id = ?');
  const dispatchesOf = db.prepare('SELECT row FROM dispatch WHERE request_id = ?');
  const dispatchesEnroute = db.prepare("SELECT row FROM dispatch WHERE status = 'enroute'");
  const rows = <T>(stmt: { all: (...a: unknown[]) => unknown[] }, ...args: unknown[]): T[] =>
    (stmt.all(...args) as { row: string }[]).map((r) => JSON.parse(r.row) as T);
  return {
    /** Requests still open or en route, and those created since `since` (newest first). */
    requests: (since: number, limit = 500): SupplyRequest[] => rows<SupplyRequest>(requestsSince, since, limit),
    allRequests: (): SupplyRequest[] => rows<SupplyRequest>(requestAll),
    request: (id: string): SupplyRequest | undefined => rows<SupplyRequest>(requestOne, id)[0],
    allDispatches: (): DispatchOrder[] => rows<DispatchOrder>(dispatchAll),
    dispatch: (id: string): DispatchOrder | undefined => rows<DispatchOrder>(dispatchOne, id)[0],
    dispatchesOf: (requestId: string): DispatchOrder[] => rows<DispatchOrder>(dispatchesOf, requestId),
    dispatchesEnroute: (): DispatchOrder[] => rows<DispatchOrder>(dispatchesEnroute),
    allStock: (): Stock[] =>
      (stockAll.all() as { site_id: string; item_id: string; quantity: number; safety_level: number }[]).map((r) => ({
        siteId: r.site_id, itemId: r.item_id, quantity: r.quantity, safetyLevel: r.safety_level,
      })),
    sites: (): Site[] => (sites.all() as SiteRow[]).map(toSite),
    items: (): ItemType[] => (items.all() as ItemRow[]).map(toItem),
    vehicles: (): Vehicle[] => (vehicles.all() as VehicleRow[]).map(toVehicle),
    site: (id: string): Site | undefined => {
      const r = site.get(id) as SiteRow | undefined;
      return r && toSite(r);
    },
    vehicle: (id: string): Vehicle | undefined => {
      const r = vehicle.get(id) as VehicleRow | undefined;
      return r && toVehicle(r);
    },
    stockOf: (siteId: string): StockLine[] =>
      (stockOf.all(siteId) as (ItemRow & { quantity: number; safety_level: number })[]).map((r) => ({
        item: toItem(r),
        quantity: r.quantity,
        safetyLevel: r.safety_level,
      })),
  };
}
export type ReplicaReader = ReturnType<typeof createReplicaReader>;
