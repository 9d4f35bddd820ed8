import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Command, CommandResult } from '../shared/central-api';
import type { DispatchOrder, ItemType, Site, Stock, SupplyRequest, Vehicle, VehicleStatus } from '../shared/domain';
import { dispatchOrderSchema, supplyRequestSchema } from '../shared/domain';

/**
 * The central's own SQLite database: the replica tables, the change log that feeds
 * `GET /changes`, and the command journal that makes `POST /commands` idempotent.
 *
 * Every upsert appends its change in the same transaction, so the log and the rows
 * can never disagree, and a change's seq (AUTOINCREMENT: never reused, even after
 * deletes) only ever grows, which is what lets clients resume from a cursor.
 */

/** `run` is for steps SQL alone cannot do (filling a new column from the rows before it). */
type Migration = { version: number; sql: string; run?: (db: Database.Database) => void };

/** Numbered and append-only: never edit a shipped entry, add a new one. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE site (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT NOT NULL,
        address TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL
      ) STRICT;
      CREATE TABLE item (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL,
        unit TEXT NOT NULL, unit_en TEXT NOT NULL, category TEXT NOT NULL
      ) STRICT;
      CREATE TABLE stock (
        site_id TEXT NOT NULL REFERENCES site(id), item_id TEXT NOT NULL REFERENCES item(id),
        quantity INTEGER NOT NULL CHECK (quantity >= 0), safety_level INTEGER NOT NULL,
        PRIMARY KEY (site_id, item_id)
      ) STRICT;
      CREATE TABLE vehicle (
        id TEXT PRIMARY KEY, no INTEGER NOT NULL UNIQUE, plate TEXT NOT NULL, kind TEXT NOT NULL,
        status TEXT NOT NULL, crew TEXT NOT NULL, home_site_id TEXT NOT NULL, capacity INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE change (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, op TEXT NOT NULL,
        key TEXT NOT NULL, row TEXT, at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE command (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, body_hash TEXT NOT NULL,
        result TEXT NOT NULL, received_at INTEGER NOT NULL
      ) STRICT;
      -- Last known positions, so a restarted simulator resumes where it stopped.
      CREATE TABLE vehicle_position (
        vehicle_id TEXT PRIMARY KEY, lon REAL NOT NULL, lat REAL NOT NULL, heading REAL NOT NULL
      ) STRICT;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    `,
  },
  {
    version: 2,
    // Reconciliation asks for the newest change of each table.
    sql: `CREATE INDEX change_tbl_seq ON change (tbl, seq);`,
  },
  {
    version: 3,
    // Supply requests and dispatch orders, kept whole as validated JSON rows.
    sql: `
      CREATE TABLE request (id TEXT PRIMARY KEY, status TEXT NOT NULL, row TEXT NOT NULL) STRICT;
      CREATE TABLE dispatch (
        id TEXT PRIMARY KEY, request_id TEXT NOT NULL REFERENCES request(id), vehicle_id TEXT NOT NULL,
        status TEXT NOT NULL, row TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dispatch_request ON dispatch (request_id);
    `,
  },
  {
    version: 4,
    // A hash chain over the change log: each change's `chain` covers every change before
    // it. A client that remembers the chain at a seq can tell whether this database still
    // holds the history it saw (not restored from an older copy, not a fresh database,
    // not a lagging standby that forked): the exactly-once promise depends on it.
    sql: `
      ALTER TABLE change ADD COLUMN chain TEXT;
      CREATE INDEX change_key ON change (tbl, key, seq);
      CREATE INDEX command_received ON command (received_at);
    `,
    run: (db) => {
      let prev = GENESIS_CHAIN;
      const set = db.prepare('UPDATE change SET chain = ? WHERE seq = ?');
      for (const r of db.prepare('SELECT seq, tbl, op, key, row FROM change ORDER BY seq').iterate() as IterableIterator<{ seq: number; tbl: string; op: string; key: string; row: string | null }>) {
        prev = nextChain(prev, r.tbl, r.op, r.key, r.row);
        set.run(prev, r.seq);
      }
    },
  },

  {
    version: 5,
    // Which command made a change: a client whose answer to that command was lost learns
    // from the feed that it was applied, instead of counting it twice meanwhile.
    sql: `ALTER TABLE change ADD COLUMN cmd TEXT;`,
  },
];

/** The chain before the first change: what a client that has seen nothing holds. */
export const GENESIS_CHAIN = '0000000000000000';

/** The chain after one more change: 64 bits of SHA-256 over the previous chain and the change. */
export function nextChain(prev: string, tbl: string, op: string, key: string, row: string | null): string {
  return createHash('sha256').update(`${prev}\u0001${tbl}\u0001${op}\u0001${key}\u0001${row ?? ''}`).digest('hex').slice(0, 16);
}

const DAY_MS = 24 * 3600_000;

/**
 * How long the central keeps its records. HAZARD: the command journal is what makes a
 * re-sent command harmless; a client re-sends applied commands after a rewind for as long
 * as it keeps them (90 days by default), so the journal must be kept longer than any
 * client's outbox. The change log keeps superseded changes for `changeDays`; a client
 * further behind than that re-synchronises from a snapshot.
 */
export const CENTRAL_RETENTION = { journalDays: 180, changeDays: 30 } as const;

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export class CommandConflictError extends Error {
  readonly code = 'idempotency_conflict';
}

export type SeedData = {
  sites: readonly Site[];
  items: readonly ItemType[];
  stock: readonly Stock[];
  vehicles: readonly Vehicle[];
};

export type ChangesPageJson = { json: string; count: number; cursor: number; hasMore: boolean };

export type SavedPosition = { vehicleId: string; lon: number; lat: number; heading: number };

type VehicleRow = {
  id: string;
  no: number;
  plate: string;
  kind: Vehicle['kind'];
  status: VehicleStatus;
  crew: string;
  home_site_id: string;
  capacity: number;
};

const vehicleFromRow = (r: VehicleRow): Vehicle => ({
  id: r.id,
  no: r.no,
  plate: r.plate,
  kind: r.kind,
  status: r.status,
  crew: JSON.parse(r.crew) as string[],
  homeSiteId: r.home_site_id,
  capacity: r.capacity,
});

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`central database schema ${current} is newer than this server (${SCHEMA_VERSION}); refusing to open it`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.run?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/** Hash of what a command asks for; a reused id with a different request is a client bug. */
function commandHash(cmd: Command): string {
  return createHash('sha256').update(JSON.stringify([cmd.type, cmd.payload])).digest('hex');
}

export function openStore(dbPath: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
  const db = new Database(dbPath);
  // A new file compacts itself as retention frees pages (must be set before any table exists).
  if ((db.pragma('user_version', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // FULL: an answered command must survive a power cut. In WAL mode NORMAL may lose the
  // last commits, and a client told "applied" would then hold a command the central forgot.
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // A backup endpoint may serve the same file from another connection (N+1 tests).
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const now = (): number => Date.now();
  const q = {
    appendChange: db.prepare<[string, string, string, string | null, number, string, string | null]>(
      'INSERT INTO change (tbl, op, key, row, at, chain, cmd) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    lastChain: db.prepare<[], { chain: string | null }>('SELECT chain FROM change ORDER BY seq DESC LIMIT 1'),
    chainAt: db.prepare<[number], { chain: string | null }>('SELECT chain FROM change WHERE seq = ?'),
    pruneJournal: db.prepare<[number]>('DELETE FROM command WHERE received_at < ?'),
    pruneChanges: db.prepare<[number]>(
      `DELETE FROM change WHERE seq IN (SELECT c.seq FROM change c WHERE c.at < ?
         AND EXISTS (SELECT 1 FROM change n WHERE n.tbl = c.tbl AND n.key = c.key AND n.seq > c.seq) LIMIT 5000)`,
    ),
    cursor: db.prepare<[], { seq: number | null }>("SELECT seq FROM sqlite_sequence WHERE name = 'change'"),
    changesSince: db.prepare<[number, number], { seq: number; tbl: string; op: string; key: string; row: string | null; chain: string | null; cmd: string | null }>(
      'SELECT seq, tbl, op, key, row, chain, cmd FROM change WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    upsertSite: db.prepare<[string, string, string, string, string, number, number]>(
      `INSERT INTO site (id, kind, name, name_en, address, lon, lat) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, name_en = excluded.name_en,
         address = excluded.address, lon = excluded.lon, lat = excluded.lat`,
    ),
    upsertItem: db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO item (id, name, name_en, unit, unit_en, category) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, unit = excluded.unit,
         unit_en = excluded.unit_en, category = excluded.category`,
    ),
    upsertStock: db.prepare<[string, string, number, number]>(
      `INSERT INTO stock (site_id, item_id, quantity, safety_level) VALUES (?, ?, ?, ?)
       ON CONFLICT (site_id, item_id) DO UPDATE SET quantity = excluded.quantity, safety_level = excluded.safety_level`,
    ),
    upsertVehicle: db.prepare<[string, number, string, string, string, string, string, number]>(
      `INSERT INTO vehicle (id, no, plate, kind, status, crew, home_site_id, capacity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET no = excluded.no, plate = excluded.plate, kind = excluded.kind,
         status = excluded.status, crew = excluded.crew, home_site_id = excluded.home_site_id, capacity = excluded.capacity`,
    ),
    getVehicle: db.prepare<[string], VehicleRow>('SELECT * FROM vehicle WHERE id = ?'),
    listVehicles: db.prepare<[], VehicleRow>('SELECT * FROM vehicle ORDER BY no'),
    listSites: db.prepare<[], { id: string; kind: Site['kind']; name: string; name_en: string; address: string; lon: number; lat: number }>(
      'SELECT * FROM site ORDER BY id',
    ),
    siteExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM site WHERE id = ?'),
    itemExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM item WHERE id = ?'),
    getStock: db.prepare<[string, string], { quantity: number; safety_level: number }>(
      'SELECT quantity, safety_level FROM stock WHERE site_id = ? AND item_id = ?',
    ),
    getCommand: db.prepare<[string], { body_hash: string; result: string }>('SELECT body_hash, result FROM command WHERE id = ?'),
    putCommand: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO command (id, type, body_hash, result, received_at) VALUES (?, ?, ?, ?, ?)',
    ),
    countVehicles: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM vehicle'),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    putMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    clearPositions: db.prepare('DELETE FROM vehicle_position'),
    putPosition: db.prepare<[string, number, number, number]>('INSERT INTO vehicle_position (vehicle_id, lon, lat, heading) VALUES (?, ?, ?, ?)'),
    listPositions: db.prepare<[], { vehicle_id: string; lon: number; lat: number; heading: number }>('SELECT * FROM vehicle_position'),
    listItems: db.prepare<[], { id: string; name: string; name_en: string; unit: string; unit_en: string; category: ItemType['category'] }>(
      'SELECT * FROM item ORDER BY id',
    ),
    listStock: db.prepare<[], { site_id: string; item_id: string; quantity: number; safety_level: number }>('SELECT * FROM stock ORDER BY site_id, item_id'),
    lastSeqOf: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM change WHERE tbl = ?'),
    upsertRequest: db.prepare<[string, string, string]>(
      'INSERT INTO request (id, status, row) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, row = excluded.row',
    ),
    getRequest: db.prepare<[string], { row: string }>('SELECT row FROM request WHERE id = ?'),
    listRequests: db.prepare<[], { row: string }>('SELECT row FROM request ORDER BY id'),
    upsertDispatch: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO dispatch (id, request_id, vehicle_id, status, row) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, row = excluded.row',
    ),
    getDispatch: db.prepare<[string], { row: string }>('SELECT row FROM dispatch WHERE id = ?'),
    dispatchesOf: db.prepare<[string], { row: string }>('SELECT row FROM dispatch WHERE request_id = ?'),
    listDispatches: db.prepare<[], { row: string }>('SELECT row FROM dispatch ORDER BY id'),
  };

  const cursor = (): number => q.cursor.get()?.seq ?? 0;

  /** Appends one change to the log, chained to the one before (read in this transaction, so a rollback cannot skew it). */
  /** The command being applied: every change it makes names it. */
  let applying: string | null = null;
  function appendChange(tbl: string, op: string, key: string, row: string | null): number {
    const chain = nextChain(q.lastChain.get()?.chain ?? GENESIS_CHAIN, tbl, op, key, row);
    return Number(q.appendChange.run(tbl, op, key, row, now(), chain, applying).lastInsertRowid);
  }

  /**
   * The chain at `seq`: GENESIS at 0, null when this database holds no change `seq`
   * (beyond the head, or compacted away).
   */
  function chainAt(seq: number): string | null {
    if (seq === 0) return GENESIS_CHAIN;
    return q.chainAt.get(seq)?.chain ?? null;
  }

  /**
   * Whether this database still holds the history a client saw up to `seq` (with chain
   * `chain`). 'ahead': the client has seen more than exists here (restored from an older
   * copy, a fresh database, a lagging standby); 'diverged': the history here differs at
   * that point; 'expired': that change was compacted and cannot be checked.
   */
  function checkKnown(seq: number, chain: string): 'ok' | 'ahead' | 'diverged' | 'expired' {
    if (seq > cursor()) return 'ahead';
    const here = chainAt(seq);
    if (here === null) return 'expired';
    return here === chain ? 'ok' : 'diverged';
  }

  // Upserts: row tables + change log. Callers wrap batches in a transaction.
  function putSite(s: Site): number {
    q.upsertSite.run(s.id, s.kind, s.name, s.nameEn, s.address, s.lon, s.lat);
    return appendChange('site', 'upsert', s.id, JSON.stringify(s));
  }
  function putItem(i: ItemType): number {
    q.upsertItem.run(i.id, i.name, i.nameEn, i.unit, i.unitEn, i.category);
    return appendChange('item', 'upsert', i.id, JSON.stringify(i));
  }
  function putStock(s: Stock): number {
    q.upsertStock.run(s.siteId, s.itemId, s.quantity, s.safetyLevel);
    return appendChange('stock', 'upsert', `${s.siteId}/${s.itemId}`, JSON.stringify(s));
  }
  function putVehicle(v: Vehicle): number {
    q.upsertVehicle.run(v.id, v.no, v.plate, v.kind, v.status, JSON.stringify(v.crew), v.homeSiteId, v.capacity);
    // Key order fixed by the literal so the logged row is the schema's shape exactly.
    const row: Vehicle = { id: v.id, no: v.no, plate: v.plate, kind: v.kind, status: v.status, crew: v.crew, homeSiteId: v.homeSiteId, capacity: v.capacity };
    return appendChange('vehicle', 'upsert', v.id, JSON.stringify(row));
  }

  function putRequest(r: SupplyRequest): number {
    const row: SupplyRequest = supplyRequestSchema.parse(r);
    q.upsertRequest.run(r.id, r.status, JSON.stringify(row));
    return appendChange('request', 'upsert', r.id, JSON.stringify(row));
  }
  function putDispatch(d: DispatchOrder): number {
    const row: DispatchOrder = dispatchOrderSchema.parse(d);
    q.upsertDispatch.run(d.id, d.requestId, d.vehicleId, d.status, JSON.stringify(row));
    return appendChange('dispatch', 'upsert', d.id, JSON.stringify(row));
  }
  const getRequest = (id: string): SupplyRequest | null => {
    const r = q.getRequest.get(id);
    return r ? (JSON.parse(r.row) as SupplyRequest) : null;
  };
  const getDispatch = (id: string): DispatchOrder | null => {
    const r = q.getDispatch.get(id);
    return r ? (JSON.parse(r.row) as DispatchOrder) : null;
  };

  /**
   * A dispatch arrives (the simulator's event, or an officer's confirmation): the order is
   * delivered, the vehicle is at the scene, and the request closes when all its orders have.
   * Returns false when there was nothing to do (already delivered, unknown).
   */
  function deliver(dispatchId: string, at: number): boolean {
    const d = getDispatch(dispatchId);
    if (!d || d.status !== 'enroute') return false;
    // Delivered implies loaded: a missing pickup event must not leave a hole in the record.
    putDispatch({ ...d, status: 'delivered', pickedUpAt: d.pickedUpAt ?? at, deliveredAt: at });
    const v = q.getVehicle.get(d.vehicleId);
    if (v && v.status === 'enroute') putVehicle({ ...vehicleFromRow(v), status: 'atscene' });
    const req = getRequest(d.requestId);
    const all = q.dispatchesOf.all(d.requestId).map((r) => JSON.parse(r.row) as DispatchOrder);
    if (req && req.status !== 'delivered' && all.every((x) => x.status !== 'enroute')) {
      putRequest({ ...req, status: 'delivered', deliveredAt: Math.max(at, ...all.map((x) => x.deliveredAt ?? 0)) });
    }
    return true;
  }

  /** The load was picked up at the last pickup site; false when there was nothing to do. */
  function pickUp(dispatchId: string, at: number): boolean {
    const d = getDispatch(dispatchId);
    if (!d || d.status !== 'enroute' || d.pickedUpAt !== null) return false;
    putDispatch({ ...d, pickedUpAt: at });
    return true;
  }

  const seed = db.transaction((data: SeedData, cityHash: string) => {
    for (const s of data.sites) putSite(s);
    for (const i of data.items) putItem(i);
    for (const s of data.stock) putStock(s);
    for (const v of data.vehicles) putVehicle(v);
    q.putMeta.run('seeded_at', new Date().toISOString());
    q.putMeta.run('city_hash', cityHash);
  });

  /** Sets statuses in one transaction; returns the ids actually changed. */
  const setVehicleStatuses = db.transaction((updates: readonly { id: string; status: VehicleStatus }[]): string[] => {
    const changed: string[] = [];
    for (const u of updates) {
      const r = q.getVehicle.get(u.id);
      if (!r || r.status === u.status) continue;
      putVehicle({ ...vehicleFromRow(r), status: u.status });
      changed.push(u.id);
    }
    return changed;
  });

  /** An applied command's answer: the cursor and chain right after it, so the client can later check this central still holds it. */
  const applied = (id: string): CommandResult => {
    const at = cursor();
    return { id, status: 'applied', cursor: at, chain: chainAt(at) ?? GENESIS_CHAIN };
  };

  function apply(cmd: Command): CommandResult {
    switch (cmd.type) {
      case 'vehicle.setStatus': {
        const r = q.getVehicle.get(cmd.payload.vehicleId);
        if (!r) return { id: cmd.id, status: 'rejected', code: 'not_found', reason: `no vehicle ${cmd.payload.vehicleId}` };
        if (r.status !== cmd.payload.status) putVehicle({ ...vehicleFromRow(r), status: cmd.payload.status });
        return applied(cmd.id);
      }
      case 'stock.adjust': {
        const { siteId, itemId, delta } = cmd.payload;
        if (!q.siteExists.get(siteId)) return { id: cmd.id, status: 'rejected', code: 'not_found', reason: `no site ${siteId}` };
        if (!q.itemExists.get(itemId)) return { id: cmd.id, status: 'rejected', code: 'not_found', reason: `no item ${itemId}` };
        const cur = q.getStock.get(siteId, itemId) ?? { quantity: 0, safety_level: 0 };
        const next = cur.quantity + delta;
        if (next < 0) {
          return {
            id: cmd.id,
            status: 'rejected',
            code: 'insufficient_stock',
            reason: `${siteId} holds ${cur.quantity} of ${itemId}; cannot take ${-delta}`,
          };
        }
        if (next > 10_000_000) return { id: cmd.id, status: 'rejected', code: 'out_of_range', reason: `quantity ${next} over the limit` };
        putStock({ siteId, itemId, quantity: next, safetyLevel: cur.safety_level });
        return applied(cmd.id);
      }
      case 'request.create': {
        const r = cmd.payload.request;
        if (getRequest(r.id)) return { id: cmd.id, status: 'rejected', code: 'duplicate', reason: `request ${r.id} exists` };
        putRequest({ ...r, status: 'open', deliveredAt: null });
        return applied(cmd.id);
      }
      case 'dispatch.create': {
        const d = cmd.payload.dispatch;
        const req = getRequest(d.requestId);
        if (!req) return { id: cmd.id, status: 'rejected', code: 'not_found', reason: `no request ${d.requestId}` };
        if (req.status === 'delivered' || req.status === 'cancelled') return { id: cmd.id, status: 'rejected', code: 'request_closed', reason: `request is ${req.status}` };
        if (getDispatch(d.id)) return { id: cmd.id, status: 'rejected', code: 'duplicate', reason: `dispatch ${d.id} exists` };
        const v = q.getVehicle.get(d.vehicleId);
        if (!v) return { id: cmd.id, status: 'rejected', code: 'not_found', reason: `no vehicle ${d.vehicleId}` };
        if (v.status !== 'available') {
          return { id: cmd.id, status: 'rejected', code: 'vehicle_unavailable', reason: `${v.plate} is ${v.status}, not available` };
        }
        // All-or-nothing: every pickup must still be there (another center may have taken it).
        const totals = new Map<string, number>();
        for (const p of d.pickups) totals.set(`${p.siteId}/${p.itemId}`, (totals.get(`${p.siteId}/${p.itemId}`) ?? 0) + p.quantity);
        for (const [key, qty] of totals) {
          const [siteId, itemId] = key.split('/') as [string, string];
          const cur = q.getStock.get(siteId, itemId);
          if (!cur || cur.quantity < qty) {
            return { id: cmd.id, status: 'rejected', code: 'insufficient_stock', reason: `${siteId} holds ${cur?.quantity ?? 0} of ${itemId}; the dispatch needs ${qty}` };
          }
        }
        for (const [key, qty] of totals) {
          const [siteId, itemId] = key.split('/') as [string, string];
          const cur = q.getStock.get(siteId, itemId)!;
          putStock({ siteId, itemId, quantity: cur.quantity - qty, safetyLevel: cur.safety_level });
        }
        putVehicle({ ...vehicleFromRow(v), status: 'enroute' });
        putDispatch({ ...d, status: 'enroute', pickedUpAt: null, deliveredAt: null });
        if (req.status === 'open') putRequest({ ...req, status: 'dispatched' });
        return applied(cmd.id);
      }
      case 'dispatch.confirmPickup': {
        const d = getDispatch(cmd.payload.dispatchId);
        if (!d) return { id: cmd.id, status: 'rejected', code: 'not_found', reason: `no dispatch ${cmd.payload.dispatchId}` };
        pickUp(d.id, cmd.payload.at);
        return applied(cmd.id);
      }
      case 'dispatch.confirmDelivery': {
        const d = getDispatch(cmd.payload.dispatchId);
        if (!d) return { id: cmd.id, status: 'rejected', code: 'not_found', reason: `no dispatch ${cmd.payload.dispatchId}` };
        deliver(d.id, cmd.payload.at);
        return applied(cmd.id);
      }
    }
  }

  /**
   * Applies a command at most once. The journal row is written in the same transaction
   * as the command's effect, so a crash in between cannot apply without remembering.
   */
  const runCommand = db.transaction((cmd: Command): { result: CommandResult; replay: boolean } => {
    const hash = commandHash(cmd);
    const prior = q.getCommand.get(cmd.id);
    if (prior) {
      if (prior.body_hash !== hash) throw new CommandConflictError(`command ${cmd.id} was already used for a different request`);
      return { result: JSON.parse(prior.result) as CommandResult, replay: true };
    }
    applying = cmd.id;
    let result: CommandResult;
    try {
      result = apply(cmd);
    } finally {
      applying = null;
    }
    q.putCommand.run(cmd.id, cmd.type, hash, JSON.stringify(result), now());
    return { result, replay: false };
  });

  /**
   * One page of the change log as a ready JSON body. Rows are stored as JSON text and
   * spliced in as they are: no parse/stringify per change on the hot path of a pull.
   */
  function changesPage(since: number, limit: number): ChangesPageJson {
    const rows = q.changesSince.all(since, limit + 1);
    const hasMore = rows.length > limit;
    if (hasMore) rows.length = limit;
    const parts = rows.map(
      (r) => `{"seq":${r.seq},"table":${JSON.stringify(r.tbl)},"op":${JSON.stringify(r.op)},"key":${JSON.stringify(r.key)},"row":${r.row ?? 'null'}${r.cmd ? `,"cmd":${JSON.stringify(r.cmd)}` : ''}}`,
    );
    const last = rows[rows.length - 1];
    const pageCursor = last ? last.seq : since;
    const chain = last ? last.chain : chainAt(since);
    return {
      json: `{"changes":[${parts.join(',')}],"cursor":${pageCursor},"chain":${JSON.stringify(chain ?? GENESIS_CHAIN)},"hasMore":${hasMore}}`,
      count: rows.length,
      cursor: pageCursor,
      hasMore,
    };
  }

  /** Drops journal entries and superseded changes older than the retention; frees the pages. */
  function prune(at: number, retention: { journalDays: number; changeDays: number } = CENTRAL_RETENTION): { commands: number; changes: number } {
    const commands = q.pruneJournal.run(at - retention.journalDays * DAY_MS).changes;
    let changes = 0;
    for (;;) {
      const n = q.pruneChanges.run(at - retention.changeDays * DAY_MS).changes;
      changes += n;
      if (n === 0) break;
    }
    if (commands + changes > 0) db.pragma('incremental_vacuum');
    return { commands, changes };
  }

  const savePositions = db.transaction((positions: readonly SavedPosition[]) => {
    q.clearPositions.run();
    for (const p of positions) q.putPosition.run(p.vehicleId, p.lon, p.lat, p.heading);
  });

  return {
    db: db as Database.Database,
    cursor,
    isSeeded: (): boolean => q.getMeta.get('seeded_at') !== undefined,
    seed: (data: SeedData, cityHash = ''): void => seed(data, cityHash),
    putSite: (s: Site): number => db.transaction(() => putSite(s))(),
    putItem: (i: ItemType): number => db.transaction(() => putItem(i))(),
    putStock: (s: Stock): number => db.transaction(() => putStock(s))(),
    putVehicle: (v: Vehicle): number => db.transaction(() => putVehicle(v))(),
    setVehicleStatuses: (updates: readonly { id: string; status: VehicleStatus }[]): string[] => setVehicleStatuses(updates),
    getVehicle: (id: string): Vehicle | null => {
      const r = q.getVehicle.get(id);
      return r ? vehicleFromRow(r) : null;
    },
    listVehicles: (): Vehicle[] => q.listVehicles.all().map(vehicleFromRow),
    listSites: (): Site[] =>
      q.listSites.all().map((r) => ({ id: r.id, kind: r.kind, name: r.name, nameEn: r.name_en, address: r.address, lon: r.lon, lat: r.lat })),
    getStock: (siteId: string, itemId: string): Stock | null => {
      const r = q.getStock.get(siteId, itemId);
      return r ? { siteId, itemId, quantity: r.quantity, safetyLevel: r.safety_level } : null;
    },
    vehicleCount: (): number => q.countVehicles.get()?.n ?? 0,
    listItems: (): ItemType[] =>
      q.listItems.all().map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, unit: r.unit, unitEn: r.unit_en, category: r.category })),
    listStock: (): Stock[] => q.listStock.all().map((r) => ({ siteId: r.site_id, itemId: r.item_id, quantity: r.quantity, safetyLevel: r.safety_level })),
    /** The newest change seq touching a table (0 if none). */
    lastSeqOf: (table: string): number => q.lastSeqOf.get(table)?.seq ?? 0,
    /** Runs reads in one transaction, so they see one consistent state. */
    read: <T>(fn: () => T): T => db.transaction(fn)(),
    /** Runs writes in one transaction (commands inside run in savepoints of their own). */
    inTransaction: <T>(fn: () => T): T => db.transaction(fn)(),
    runCommand: (cmd: Command): { result: CommandResult; replay: boolean } => runCommand(cmd),
    getDispatch,
    getRequest,
    /** The simulator's arrival event for a dispatch. */
    deliver: (dispatchId: string, at: number): boolean => db.transaction(() => deliver(dispatchId, at))(),
    /** The simulator's event: loaded at the last pickup site. */
    pickUp: (dispatchId: string, at: number): boolean => db.transaction(() => pickUp(dispatchId, at))(),
    listRequests: (): SupplyRequest[] => q.listRequests.all().map((r) => JSON.parse(r.row) as SupplyRequest),
    listDispatches: (): DispatchOrder[] => q.listDispatches.all().map((r) => JSON.parse(r.row) as DispatchOrder),
    changesPage,
    chainAt,
    checkKnown,
    prune,
    /** A consistent copy of the whole database (SQLite online backup), e.g. to seed a standby. */
    backupTo: (path: string): Promise<unknown> => db.backup(path),
    savePositions: (positions: readonly SavedPosition[]): void => savePositions(positions),
    loadPositions: (): SavedPosition[] =>
      q.listPositions.all().map((r) => ({ vehicleId: r.vehicle_id, lon: r.lon, lat: r.lat, heading: r.heading })),
    close: (): void => {
      // Fold the WAL back so the file can be copied as one piece after a clean stop.
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}

export type CentralStore = ReturnType<typeof openStore>;
