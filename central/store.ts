import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Command, CommandResult, ReplicaTable } from '../shared/central-api';
import { commandModule } from '../shared/commands/registry';
import type { ApplyCtx, ApplyResult, TableTx } from '../shared/commands/module';
import type { ItemType, Site, Stock, Vehicle, VehicleStatus } from '../shared/domain';
import type { VehicleService } from '../shared/fleet/schema';
import type { DemoLedger } from '../shared/assets/demo-data';
import { TIMELINE_STATES_MIGRATION } from '../shared/assets/tables';
import { createReplicaAccess } from '../shared/replica/access';
import { tableDecl, type RowOf, type TableName } from '../shared/replica/registry';
import { EVERYONE, feedAction, scopeMarker, sees, siteScopeKind, type ChangeScope } from '../shared/scope/feed';
import { DEFAULT_SCOPE_SETTINGS, type ScopeSettings } from '../shared/scope/schema';
import { checkUnitTree, unitAt, type UnitTree } from '../shared/scope/tree';
import type { ScopedRowKind } from '../shared/scope/rules';

/**
 * The central's own SQLite database: the replica tables (one shape each, from their
 * declarations: shared/replica), the change log that feeds `GET /changes`, and the command
 * journal that makes `POST /commands` idempotent.
 *
 * Every write appends its change in the same transaction, so the log and the rows can never
 * disagree, and a change's seq (AUTOINCREMENT: never reused, even after deletes) only ever
 * grows, which is what lets clients resume from a cursor. Commands are applied by their own
 * modules (shared/commands), against this store through a TableTx.
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
  {
    version: 6,
    // Every replica table in the one shape its declaration describes (shared/replica/table.ts):
    // key, the row as JSON, the declared columns (indexed). Rows are carried over as they are.
    sql: `
      CREATE TABLE site_v6 (key TEXT PRIMARY KEY, row TEXT NOT NULL) STRICT;
      INSERT INTO site_v6 (key, row)
        SELECT id, json_object('id', id, 'kind', kind, 'name', name, 'nameEn', name_en, 'address', address, 'lon', lon, 'lat', lat) FROM site;
      CREATE TABLE item_v6 (key TEXT PRIMARY KEY, row TEXT NOT NULL) STRICT;
      INSERT INTO item_v6 (key, row)
        SELECT id, json_object('id', id, 'name', name, 'nameEn', name_en, 'unit', unit, 'unitEn', unit_en, 'category', category) FROM item;
      CREATE TABLE stock_v6 (key TEXT PRIMARY KEY, row TEXT NOT NULL, site_id TEXT, item_id TEXT) STRICT;
      INSERT INTO stock_v6 (key, row, site_id, item_id)
        SELECT site_id || '/' || item_id, json_object('siteId', site_id, 'itemId', item_id, 'quantity', quantity, 'safetyLevel', safety_level), site_id, item_id FROM stock;
      CREATE TABLE vehicle_v6 (key TEXT PRIMARY KEY, row TEXT NOT NULL, no INTEGER) STRICT;
      INSERT INTO vehicle_v6 (key, row, no)
        SELECT id, json_object('id', id, 'no', no, 'plate', plate, 'kind', kind, 'status', status, 'crew', json(crew), 'homeSiteId', home_site_id, 'capacity', capacity), no FROM vehicle;
      CREATE TABLE request_v6 (key TEXT PRIMARY KEY, row TEXT NOT NULL, status TEXT, created_at REAL) STRICT;
      INSERT INTO request_v6 (key, row, status, created_at) SELECT id, row, status, json_extract(row, '$.createdAt') FROM request;
      CREATE TABLE dispatch_v6 (key TEXT PRIMARY KEY, row TEXT NOT NULL, request_id TEXT, vehicle_id TEXT, status TEXT) STRICT;
      INSERT INTO dispatch_v6 (key, row, request_id, vehicle_id, status) SELECT id, row, request_id, vehicle_id, status FROM dispatch;
      DROP TABLE dispatch; DROP TABLE request; DROP TABLE stock; DROP TABLE vehicle; DROP TABLE item; DROP TABLE site;
      ALTER TABLE site_v6 RENAME TO site;
      ALTER TABLE item_v6 RENAME TO item;
      ALTER TABLE stock_v6 RENAME TO stock;
      ALTER TABLE vehicle_v6 RENAME TO vehicle;
      ALTER TABLE request_v6 RENAME TO request;
      ALTER TABLE dispatch_v6 RENAME TO dispatch;
      CREATE INDEX stock_site_id ON stock (site_id);
      CREATE INDEX stock_item_id ON stock (item_id);
      CREATE INDEX vehicle_no ON vehicle (no);
      CREATE INDEX request_status ON request (status);
      CREATE INDEX request_created_at ON request (created_at);
      CREATE INDEX dispatch_request_id ON dispatch (request_id);
      CREATE INDEX dispatch_vehicle_id ON dispatch (vehicle_id);
      CREATE INDEX dispatch_status ON dispatch (status);
    `,
  },
  {
    version: 7,
    // People: users (the replica table every workstation holds, no secrets) and their
    // secrets (here only), the workstations allowed to connect, the central's audit chain
    // (a replica table) with the last entry taken from each workstation, sessions for the
    // administrators' calls, and the sign-in throttle.
    sql: `
      CREATE TABLE user_account (key TEXT PRIMARY KEY, row TEXT NOT NULL, username TEXT) STRICT;
      CREATE INDEX user_account_username ON user_account (username);
      CREATE TABLE audit (key TEXT PRIMARY KEY, row TEXT NOT NULL, seq INTEGER, workstation TEXT, ws_seq INTEGER, at REAL) STRICT;
      CREATE INDEX audit_seq ON audit (seq);
      CREATE INDEX audit_workstation ON audit (workstation);
      CREATE INDEX audit_ws_seq ON audit (ws_seq);
      CREATE INDEX audit_at ON audit (at);
      CREATE TABLE user_secret (
        user_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL, totp_secret TEXT, last_counter INTEGER NOT NULL DEFAULT 0,
        recovery TEXT NOT NULL DEFAULT '[]', pending_secret TEXT) STRICT;
      CREATE TABLE workstation (id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
        allow_system INTEGER NOT NULL DEFAULT 0, disabled INTEGER NOT NULL DEFAULT 0) STRICT;
      CREATE TABLE audit_ws_head (workstation TEXT PRIMARY KEY, ws_seq INTEGER NOT NULL, ws_hash TEXT NOT NULL) STRICT;
      CREATE TABLE central_session (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, workstation TEXT NOT NULL,
        created_at REAL NOT NULL, expires_at REAL NOT NULL) STRICT;
      CREATE TABLE auth_throttle (subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, blocked_until REAL NOT NULL, updated_at REAL NOT NULL) STRICT;
    `,
  },
  {
    version: 8,
    // The readiness ledger (shared/assets/tables.ts): asset types, assets (a scanned QR, EPC
    // or serial is an index hit), each asset's timeline, repair and scrapping requests,
    // the sites' storage conditions.
    sql: `
      CREATE TABLE asset_type (key TEXT PRIMARY KEY, row TEXT NOT NULL, asset_class TEXT) STRICT;
      CREATE INDEX asset_type_asset_class ON asset_type (asset_class);
      CREATE TABLE asset (key TEXT PRIMARY KEY, row TEXT NOT NULL, type_id TEXT, site_id TEXT, state TEXT, qr TEXT, epc TEXT, serial TEXT) STRICT;
      CREATE INDEX asset_type_id ON asset (type_id);
      CREATE INDEX asset_site_id ON asset (site_id);
      CREATE INDEX asset_state ON asset (state);
      CREATE INDEX asset_qr ON asset (qr);
      CREATE INDEX asset_epc ON asset (epc);
      CREATE INDEX asset_serial ON asset (serial);
      CREATE TABLE asset_event (key TEXT PRIMARY KEY, row TEXT NOT NULL, asset_id TEXT) STRICT;
      CREATE INDEX asset_event_asset_id ON asset_event (asset_id);
      CREATE TABLE repair (key TEXT PRIMARY KEY, row TEXT NOT NULL, status TEXT, target_id TEXT) STRICT;
      CREATE INDEX repair_status ON repair (status);
      CREATE INDEX repair_target_id ON repair (target_id);
      CREATE TABLE climate_reading (key TEXT PRIMARY KEY, row TEXT NOT NULL, site_id TEXT) STRICT;
      CREATE INDEX climate_reading_site_id ON climate_reading (site_id);
    `,
  },
  {
    version: 9,
    // The duty shift (shared/duty/tables.ts): the duty settings (one row), alerts as
    // records with owners and deadlines, signed handovers, link-failure drills.
    sql: `
      CREATE TABLE duty_config (key TEXT PRIMARY KEY, row TEXT NOT NULL) STRICT;
      CREATE TABLE alert (key TEXT PRIMARY KEY, row TEXT NOT NULL, state TEXT, raised_at REAL, active INTEGER) STRICT;
      CREATE INDEX alert_state ON alert (state);
      CREATE INDEX alert_raised_at ON alert (raised_at);
      CREATE INDEX alert_active ON alert (active);
      CREATE TABLE handover (key TEXT PRIMARY KEY, row TEXT NOT NULL, shift_start REAL) STRICT;
      CREATE INDEX handover_shift_start ON handover (shift_start);
      CREATE TABLE drill (key TEXT PRIMARY KEY, row TEXT NOT NULL, started_at REAL) STRICT;
      CREATE INDEX drill_started_at ON drill (started_at);
    `,
  },
  {
    version: 10,
    // Each asset step's time as a column (shared/assets/tables.ts), filled from the rows.
    sql: `
      ALTER TABLE asset_event ADD COLUMN at REAL;
      UPDATE asset_event SET at = json_extract(row, '$.at');
      CREATE INDEX asset_event_at ON asset_event (at);
      CREATE INDEX asset_event_asset_at ON asset_event (asset_id, at);
    `,
  },
  {
    version: 11,
    // Multi-level command (shared/scope): the unit tree; each change's unit (the row's, when it
    // was written), the unit it left when it moved, and what kind of row it is, so the feed is
    // served per scope; each workstation's home unit (its scope when no officer is named).
    sql: `
      CREATE TABLE unit (key TEXT PRIMARY KEY, row TEXT NOT NULL, parent_id TEXT) STRICT;
      CREATE INDEX unit_parent_id ON unit (parent_id);
      ALTER TABLE change ADD COLUMN unit_id TEXT;
      ALTER TABLE change ADD COLUMN prev_unit_id TEXT;
      ALTER TABLE change ADD COLUMN scope_kind TEXT;
      ALTER TABLE workstation ADD COLUMN unit_id TEXT;
    `,
  },
  {
    version: 12,
    // Each asset step's states as columns (shared/assets/tables.ts: the replica's shape is one on
    // both sides; the boards' trend reads them through a covering index), filled from the rows.
    sql: TIMELINE_STATES_MIGRATION,
  },
  {
    version: 13,
    // Drone batteries' days in the flight logs (shared/assets/tables.ts batteryDayTable).
    sql: `
      CREATE TABLE battery_day (key TEXT PRIMARY KEY, row TEXT NOT NULL, asset_id TEXT, day TEXT) STRICT;
      CREATE INDEX battery_day_asset_id ON battery_day (asset_id);
      CREATE INDEX battery_day_day ON battery_day (day);
    `,
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

/**
 * One change as the feed carries it, spliced from the stored JSON row (no parse/stringify on the
 * hot path of a pull); `cmd` only when a command made it.
 */
const changeJson = (r: { seq: number; tbl: string; op: string; key: string; row: string | null; cmd: string | null }): string =>
  `{"seq":${r.seq},"table":${JSON.stringify(r.tbl)},"op":${JSON.stringify(r.op)},"key":${JSON.stringify(r.key)},"row":${r.row ?? 'null'}${r.cmd ? `,"cmd":${JSON.stringify(r.cmd)}` : ''}}`;

/** A scope asked for a unit the tree does not hold (an officer of a unit since removed). */
export class UnknownUnitError extends Error {}

/** A console's scope as the feed serves it (null: it sees everything). */
export type ConsoleScope = { unitId: string; tree: UnitTree; marker: string } | null;
/** Changes read from the log per query, and at most per page, when serving a console below the city. */
const SCOPED_SCAN_CHUNK = 2000;
const SCOPED_SCAN_ROWS = 20_000;

export type SavedPosition = { vehicleId: string; lon: number; lat: number; heading: number };

/** A change a command (or the central's own event) made, for the simulator to follow. */
export type MadeChange = { table: TableName; row: unknown };

/** A command's refusal, thrown to roll back its savepoint (anything it wrote goes with it). */
class Refused extends Error {
  constructor(readonly code: string, readonly reason: string) {
    super(reason);
  }
}

export function openStore(dbPath: string, options: { synchronous?: 'FULL' | 'NORMAL'; scopeSettings?: Partial<ScopeSettings> } = {}) {
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
  const access = createReplicaAccess(db);
  const q = {
    appendChange: db.prepare<[string, string, string, string | null, number, string, string | null, string | null, string | null, string | null]>(
      'INSERT INTO change (tbl, op, key, row, at, chain, cmd, unit_id, prev_unit_id, scope_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    lastUnitOf: db.prepare<[string, string], { unit_id: string | null }>('SELECT unit_id FROM change WHERE tbl = ? AND key = ? ORDER BY seq DESC LIMIT 1'),
    scopedSince: db.prepare<[number, number], { seq: number; tbl: string; op: string; key: string; row: string | null; chain: string | null; cmd: string | null; unit_id: string | null; prev_unit_id: string | null; scope_kind: string | null }>(
      'SELECT seq, tbl, op, key, row, chain, cmd, unit_id, prev_unit_id, scope_kind FROM change WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    scopesOfTable: db.prepare<[string], { seq: number; unit_id: string | null; prev_unit_id: string | null; scope_kind: string | null }>(
      'SELECT seq, unit_id, prev_unit_id, scope_kind FROM change WHERE tbl = ? ORDER BY seq DESC',
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
    getCommand: db.prepare<[string], { body_hash: string; result: string }>('SELECT body_hash, result FROM command WHERE id = ?'),
    putCommand: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO command (id, type, body_hash, result, received_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    putMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    clearPositions: db.prepare('DELETE FROM vehicle_position'),
    putPosition: db.prepare<[string, number, number, number]>('INSERT INTO vehicle_position (vehicle_id, lon, lat, heading) VALUES (?, ?, ?, ?)'),
    listPositions: db.prepare<[], { vehicle_id: string; lon: number; lat: number; heading: number }>('SELECT * FROM vehicle_position'),
    lastSeqOf: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM change WHERE tbl = ?'),
  };

  const cursor = (): number => q.cursor.get()?.seq ?? 0;

  /** The command being applied: every change it makes names it. */
  let applying: string | null = null;
  /** Changes made since the caller started collecting (a command, a simulator event). */
  let made: MadeChange[] | null = null;
  function appendChange(tbl: string, op: string, key: string, row: string | null, scope: ChangeScope | null = null): number {
    const chain = nextChain(q.lastChain.get()?.chain ?? GENESIS_CHAIN, tbl, op, key, row);
    return Number(q.appendChange.run(tbl, op, key, row, now(), chain, applying, scope?.unitId ?? null, scope?.prevUnitId ?? null, scope?.kind ?? null).lastInsertRowid);
  }

  // --- Scope (multi-level command: shared/scope) -------------------------------------------
  // The tree, rebuilt when a unit changes; null while the central has no units (then every
  // console is sent everything, as before units existed).
  let unitsVersion = 0;
  let treeCache: { version: number; tree: UnitTree | null } | null = null;
  function tree(): UnitTree | null {
    if (treeCache?.version === unitsVersion) return treeCache.tree;
    const units = access.all('unit');
    const checked = units.length > 0 ? checkUnitTree(units) : null;
    // The unit commands only ever store a checked tree; a broken one here is a database edited by hand.
    if (checked && !checked.ok) throw new Error(`the stored unit tree is broken: ${checked.problems.map((p) => p.message).join('; ')}`);
    treeCache = { version: unitsVersion, tree: checked?.ok ? checked.tree : null };
    return treeCache.tree;
  }
  const scopeSettings: ScopeSettings = { ...DEFAULT_SCOPE_SETTINGS, ...options.scopeSettings };

  /** Where a row without a unit belongs: by its place, its home site, its subject; else the city. */
  function stamp<N extends TableName>(table: N, row: RowOf<N>): RowOf<N> {
    const t = tree();
    if (!t || !(table === 'site' || table === 'vehicle' || table === 'request' || table === 'alert' || table === 'handover')) return row;
    const r = row as { unitId?: string };
    if (r.unitId !== undefined) return row;
    // A handover without a unit is the city's shift.
    if (table === 'handover') return { ...(row as object), unitId: t.rootId } as RowOf<N>;
    const at = (p: { lon: number; lat: number } | null | undefined): string | null => (p ? unitAt(t, p.lon, p.lat) : null);
    let unitId: string | null;
    if (table === 'site') unitId = at(row as Site);
    else if (table === 'vehicle') unitId = access.get('site', (row as Vehicle).homeSiteId)?.unitId ?? null;
    else if (table === 'request') unitId = at((row as RowOf<'request'>).destination);
    else {
      const a = row as RowOf<'alert'>;
      unitId = access.get('request', a.subject)?.unitId ?? access.get('vehicle', a.subject)?.unitId ?? access.get('site', a.subject.split('/')[0]!)?.unitId ?? at(a.place);
    }
    return { ...(row as object), unitId: unitId ?? t.rootId } as RowOf<N>;
  }

  /**
   * The unit and kind of a row, as scope sees it now; null for a table every console holds
   * whole. `memo`: lookups kept for one pass over many rows (a snapshot of the ledger).
   */
  function rowScope(table: string, row: unknown, memo?: Map<string, string>): { unitId: string; kind: ScopedRowKind } | null {
    const t = tree();
    if (!t) return null;
    const root = t.rootId;
    const remember = (k: string, find: () => string): string => {
      if (!memo) return find();
      let v = memo.get(k);
      if (v === undefined) memo.set(k, (v = find()));
      return v;
    };
    const siteUnit = (id: string | null): string => (id === null ? root : remember(`s:${id}`, () => access.get('site', id)?.unitId ?? root));
    const assetUnit = (id: string, fallbackSite: string | null): string =>
      remember(`a:${id}`, () => {
        const a = access.get('asset', id);
        return siteUnit(a ? a.siteId : fallbackSite);
      });
    switch (table) {
      case 'site': {
        const s = row as Site;
        return { unitId: s.unitId ?? root, kind: siteScopeKind(s) };
      }
      case 'stock': {
        const site = access.get('site', (row as Stock).siteId);
        return { unitId: site?.unitId ?? root, kind: site ? siteScopeKind(site) : 'supplySite' };
      }
      case 'vehicle':
        return { unitId: (row as Vehicle).unitId ?? root, kind: 'vehicle' };
      case 'request':
        return { unitId: (row as RowOf<'request'>).unitId ?? root, kind: 'request' };
      case 'dispatch':
        return { unitId: access.get('request', (row as RowOf<'dispatch'>).requestId)?.unitId ?? root, kind: 'request' };
      case 'alert':
        return { unitId: (row as RowOf<'alert'>).unitId ?? root, kind: 'alert' };
      // The readiness ledger belongs where it is kept: an asset to its site's unit (one out with an
      // officer or in repair keeps the site it went out from; one with no site is the city's), its
      // steps, repairs and flight-log days follow it, a vehicle's repairs follow the vehicle, a
      // site's storage readings the site.
      case 'asset':
        return { unitId: siteUnit((row as RowOf<'asset'>).siteId), kind: 'ledger' };
      case 'asset_event': {
        const e = row as RowOf<'asset_event'>;
        return { unitId: assetUnit(e.assetId, e.siteId), kind: 'ledger' };
      }
      case 'repair': {
        const r = row as RowOf<'repair'>;
        if (r.target.kind === 'vehicle') return { unitId: access.get('vehicle', r.target.id)?.unitId ?? root, kind: 'ledger' };
        return { unitId: assetUnit(r.target.id, null), kind: 'ledger' };
      }
      case 'climate_reading':
        return { unitId: siteUnit((row as RowOf<'climate_reading'>).siteId), kind: 'ledger' };
      case 'battery_day':
        return { unitId: assetUnit((row as RowOf<'battery_day'>).assetId, null), kind: 'ledger' };
      // A shift's handover is its unit's duty officers' (and seen above them).
      case 'handover':
        return { unitId: (row as RowOf<'handover'>).unitId ?? root, kind: 'handover' };
      // The audit log's entries and the link drills are the record of what an officer did: they
      // belong to the unit the officer was in when they acted (an entry of no officer, or of one
      // this central does not know, is the city's). Seen there and above, never by a neighbour.
      case 'audit': {
        const userId = (row as RowOf<'audit'>).userId;
        return { unitId: userId === null ? root : remember(`u:${userId}`, () => access.get('user_account', userId)?.unitId ?? root), kind: 'audit' };
      }
      case 'drill': {
        const by = (row as RowOf<'drill'>).startedBy;
        return { unitId: remember(`n:${by}`, () => access.where('user_account', 'username', by)[0]?.unitId ?? root), kind: 'drill' };
      }
      default:
        return null;
    }
  }

  /**
   * Writes a row and logs the change. The row is checked against its table's schema, and
   * serialised from the parsed value, so the logged row has the schema's shape exactly. A row
   * of a unit-owned table without its unit gets one (`stamp`); the change records the row's
   * scope, and the unit it left when it moved (what depends on the row — a site's stock, a
   * request's dispatches — is written again, so it moves with it).
   */
  function put<N extends TableName>(table: N, row: RowOf<N>): number {
    const decl = tableDecl(table);
    const clean = stamp(table, decl.schema.parse(row));
    const json = JSON.stringify(clean);
    const key = decl.key(clean);
    const scope = rowScope(table, clean);
    let moved = false;
    let change: ChangeScope | null = null;
    if (scope) {
      const before = q.lastUnitOf.get(table, key);
      // A row last written before the tree (no unit on its change) was sent to every console.
      const prev = before === undefined ? null : (before.unit_id ?? EVERYONE);
      moved = prev !== null && prev !== scope.unitId;
      change = { unitId: scope.unitId, prevUnitId: moved ? prev : null, kind: scope.kind };
    }
    access.put(table, clean, json);
    if (table === 'unit') unitsVersion++;
    made?.push({ table, row: clean });
    const seq = appendChange(table, 'upsert', key, json, change);
    if (moved && table === 'site') {
      for (const s of access.where('stock', 'site_id', key)) put('stock', s);
      for (const a of access.where('asset', 'site_id', key)) put('asset', a);
      for (const c of access.where('climate_reading', 'site_id', key)) put('climate_reading', c);
    }
    if (moved && table === 'request') for (const d of access.where('dispatch', 'request_id', key)) put('dispatch', d);
    if (moved && table === 'vehicle') for (const r of access.where('repair', 'target_id', key)) if (r.target.kind === 'vehicle') put('repair', r);
    if (moved && table === 'asset') {
      for (const e of access.where('asset_event', 'asset_id', key)) put('asset_event', e);
      for (const r of access.where('repair', 'target_id', key)) if (r.target.kind === 'asset') put('repair', r);
      for (const b of access.where('battery_day', 'asset_id', key)) put('battery_day', b);
    }
    return moved ? cursor() : seq;
  }

  /**
   * Takes a row out and logs its deletion, sent to every console: only for a table whose rows
   * every console has (the command tree's units); a unit-owned row leaves consoles by moving.
   */
  function remove(table: 'unit', key: string): boolean {
    if (!access.remove(table, key)) return false;
    unitsVersion++;
    appendChange(table, 'delete', key, null);
    return true;
  }

  /** The store as a command's rules see it: reads from the tables, writes through put. */
  const tx: TableTx = {
    get: (table, key) => access.get(table, key),
    put: (table, row) => void put(table, row),
    where: (table, column, value) => access.where(table, column, value),
  };

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

  /** An applied command's answer: the cursor and chain right after it, so the client can later check this central still holds it. */
  const applied = (id: string): CommandResult => {
    const at = cursor();
    return { id, status: 'applied', cursor: at, chain: chainAt(at) ?? GENESIS_CHAIN };
  };

  const seed = db.transaction((data: SeedData, cityHash: string) => {
    for (const s of data.sites) put('site', s);
    for (const i of data.items) put('item', i);
    for (const s of data.stock) put('stock', s);
    for (const v of data.vehicles) put('vehicle', v);
    q.putMeta.run('seeded_at', new Date().toISOString());
    q.putMeta.run('city_hash', cityHash);
  });

  /** The readiness ledger's first rows (central/assets-seed.ts), once per database: older databases get it on their next start. */
  const seedAssets = db.transaction((ledger: Pick<DemoLedger, 'types' | 'assets' | 'events' | 'repairs' | 'climate'> & Partial<Pick<DemoLedger, 'batteryDays'>>) => {
    for (const t of ledger.types) put('asset_type', t);
    for (const a of ledger.assets) put('asset', a);
    for (const e of ledger.events) put('asset_event', e);
    for (const r of ledger.repairs) put('repair', r);
    for (const c of ledger.climate) put('climate_reading', c);
    for (const b of ledger.batteryDays ?? []) put('battery_day', b);
    q.putMeta.run('assets_seeded_at', new Date().toISOString());
  });

  /** Service records for the vehicles that have none (once: the central's first start with them). */
  const seedServiceRecords = db.transaction((records: ReadonlyMap<string, VehicleService>) => {
    for (const [id, service] of records) {
      const v = access.get('vehicle', id);
      if (v && !v.service) put('vehicle', { ...v, service });
    }
    q.putMeta.run('service_seeded_at', new Date().toISOString());
  });

  /**
   * The simulator's mileage (its stand-in for the vehicles' trackers): each vehicle's odometer
   * goes on by the km it drove. A vehicle with no service record yet has no odometer to go on
   * from (its first service starts one). Returns the ids changed.
   */
  const addOdometer = db.transaction((updates: readonly { id: string; km: number }[]): string[] => {
    const changed: string[] = [];
    for (const u of updates) {
      const v = access.get('vehicle', u.id);
      if (!v?.service || !(u.km > 0)) continue;
      const odometerKm = Math.min(5_000_000, Math.round((v.service.odometerKm + u.km) * 10) / 10);
      if (odometerKm === v.service.odometerKm) continue;
      put('vehicle', { ...v, service: { ...v.service, odometerKm } });
      changed.push(u.id);
    }
    return changed;
  });

  /** Sets statuses in one transaction (the simulator's); returns the ids actually changed. */
  const setVehicleStatuses = db.transaction((updates: readonly { id: string; status: VehicleStatus }[]): string[] => {
    const changed: string[] = [];
    for (const u of updates) {
      const v = access.get('vehicle', u.id);
      if (!v || v.status === u.status) continue;
      put('vehicle', { ...v, status: u.status });
      changed.push(u.id);
    }
    return changed;
  });

  /** Runs `fn` collecting the changes it makes (dropped if it throws: its writes are rolled back). */
  function collecting<T>(fn: () => T): { value: T; changes: MadeChange[] } {
    const outer = made;
    const mine: MadeChange[] = [];
    made = mine;
    try {
      const value = fn();
      outer?.push(...mine);
      return { value, changes: mine };
    } finally {
      made = outer;
    }
  }

  /**
   * Applies a command at most once, by its module's rules, in a savepoint of its own: a
   * refusal rolls back whatever the rules wrote before refusing. The journal row is
   * written in the same transaction as the effect, so a crash in between cannot apply
   * without remembering.
   */
  const runCommand = db.transaction((cmd: Command, authorize?: (cmd: Command) => ApplyResult, context: Omit<ApplyCtx, 'at'> = {}, reach?: (changes: readonly MadeChange[]) => ApplyResult): { result: CommandResult; replay: boolean; changes: MadeChange[] } => {
    const hash = commandHash(cmd);
    const prior = q.getCommand.get(cmd.id);
    if (prior) {
      if (prior.body_hash !== hash) throw new CommandConflictError(`command ${cmd.id} was already used for a different request`);
      return { result: JSON.parse(prior.result) as CommandResult, replay: true, changes: [] };
    }
    let result: CommandResult;
    let changes: MadeChange[];
    applying = cmd.id;
    try {
      ({ changes } = collecting(() =>
        db.transaction(() => {
          // Who issued it may issue it (checked here, in the journal's transaction: a refusal is remembered like any other).
          const who = authorize?.(cmd);
          if (who && !who.ok) throw new Refused(who.code, who.reason);
          const r = commandModule(cmd.type).apply(tx, cmd.payload as never, { ...context, at: now(), by: cmd.actor?.username ?? 'system', commandId: cmd.id });
          if (!r.ok) throw new Refused(r.code, r.reason);
          // And everything it wrote is within the issuer's reach (multi-level command); else none of it stays.
          const within = reach?.(made ?? []);
          if (within && !within.ok) throw new Refused(within.code, within.reason);
        })(),
      ));
      result = applied(cmd.id);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      result = { id: cmd.id, status: 'rejected', code: e.code, reason: e.reason };
      changes = [];
    } finally {
      applying = null;
    }
    q.putCommand.run(cmd.id, cmd.type, hash, JSON.stringify(result), now());
    return { result, replay: false, changes };
  });

  /**
   * One page of the change log as a ready JSON body. Rows are stored as JSON text and
   * spliced in as they are: no parse/stringify per change on the hot path of a pull.
   */
  function changesPage(since: number, limit: number, scope: ConsoleScope = null): ChangesPageJson {
    if (scope) return scopedChangesPage(since, limit, scope);
    const rows = q.changesSince.all(since, limit + 1);
    const hasMore = rows.length > limit;
    if (hasMore) rows.length = limit;
    const parts = rows.map(changeJson);
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

  /**
   * A console's scope as the feed serves it: its unit, and the marker every page, snapshot and
   * digest carries (`scopeMarker`). Null for a console that sees everything: the city's, or any
   * while the central has no tree.
   */
  function consoleScope(unitId: string): ConsoleScope {
    const t = tree();
    if (!t || unitId === t.rootId) return null;
    if (!t.nodes.has(unitId)) throw new UnknownUnitError(`unit ${unitId} is not in the command tree`);
    return { unitId, tree: t, marker: scopeMarker(t, unitId, q.lastSeqOf.get('unit')?.seq ?? 0) };
  }
  /** The marker of a console that sees everything. */
  const fullMarker = (): string => scopeMarker(tree(), tree()?.rootId ?? '', 0);

  const actionOf = (scope: NonNullable<ConsoleScope>, r: { unit_id: string | null; prev_unit_id: string | null; scope_kind: string | null }) =>
    feedAction(scope.tree, scopeSettings, scope.unitId, { unitId: r.unit_id, prevUnitId: r.prev_unit_id, kind: r.scope_kind as ScopedRowKind | null });

  /**
   * One page of the change log as a console below the city is sent it: its scope's changes, a
   * delete for each row that left its scope, nothing of the rest. The scan goes on past
   * filtered changes (up to SCOPED_SCAN_ROWS per page), and the cursor moves past them too,
   * so a station does not scan the city's traffic again on every pull; `filtered` counts them,
   * which tells the client an empty page that moves its cursor is no broken central.
   */
  function scopedChangesPage(since: number, limit: number, scope: NonNullable<ConsoleScope>): ChangesPageJson {
    const parts: string[] = [];
    let scanned = since;
    let chain: string | null = null;
    let filtered = 0;
    let hasMore = false;
    let read = 0;
    outer: for (;;) {
      const rows = q.scopedSince.all(scanned, SCOPED_SCAN_CHUNK);
      for (const r of rows) {
        if (parts.length === limit || read === SCOPED_SCAN_ROWS) {
          hasMore = true;
          break outer;
        }
        read++;
        const action = actionOf(scope, r);
        if (action === 'send') parts.push(changeJson(r));
        else if (action === 'delete') parts.push(changeJson({ seq: r.seq, tbl: r.tbl, op: 'delete', key: r.key, row: null, cmd: null }));
        else filtered++;
        scanned = r.seq;
        chain = r.chain;
      }
      if (rows.length < SCOPED_SCAN_CHUNK) break;
    }
    if (chain === null) chain = chainAt(since);
    return {
      json: `{"changes":[${parts.join(',')}],"cursor":${scanned},"chain":${JSON.stringify(chain ?? GENESIS_CHAIN)},"hasMore":${hasMore},"filtered":${filtered},"scope":${JSON.stringify(scope.marker)}}`,
      count: parts.length,
      cursor: scanned,
      hasMore,
    };
  }

  /** A table's rows a console sees (all of them for a console that sees everything). */
  function rowsIn<N extends TableName>(table: N, scope: ConsoleScope): RowOf<N>[] {
    const all = access.all(table);
    if (!scope) return all;
    const memo = new Map<string, string>();
    return all.filter((row) => {
      const s = rowScope(table, row, memo);
      return !s || sees(scope.tree, scopeSettings, scope.unitId, s.unitId, s.kind);
    });
  }

  /** The newest change of a table a console was sent (0 if none): what its own per-table seq is compared with. */
  function lastSeqIn(table: ReplicaTable, scope: ConsoleScope): number {
    if (!scope) return q.lastSeqOf.get(table)?.seq ?? 0;
    for (const r of q.scopesOfTable.iterate(table)) if (actionOf(scope, r) !== 'skip') return r.seq;
    return 0;
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

  /**
   * A database whose ledger, handovers, audit entries or drills were written before they were scoped (their changes
   * carry no unit, so every console was sent all of them): each such change gets the unit its row
   * has now, and the tree's version moves (the city's unit written again), so every console below
   * the city re-synchronises and its cache drops what is not its own. The chain is untouched (it
   * covers the rows, not their scope). Idempotent (only changes without a unit); run again when
   * the list of tables scoped this way grows.
   */
  const BACKFILLED = ['asset', 'asset_event', 'repair', 'climate_reading', 'handover', 'audit', 'drill'] as const;
  const backfillKind = (tbl: string): ScopedRowKind => (tbl === 'handover' || tbl === 'audit' || tbl === 'drill' ? tbl : 'ledger');
  function scopeLedger(): number {
    const t = tree();
    if (!t || q.getMeta.get('scope_backfill')?.value === BACKFILLED.join(',')) return 0;
    const unscoped = db
      .prepare<[], { seq: number; tbl: string; key: string }>(`SELECT seq, tbl, key FROM change WHERE tbl IN (${BACKFILLED.map((x) => `'${x}'`).join(', ')}) AND op = 'upsert' AND unit_id IS NULL`)
      .all();
    const setScope = db.prepare<[string, string, number]>('UPDATE change SET unit_id = ?, scope_kind = ? WHERE seq = ?');
    db.transaction(() => {
      const memo = new Map<string, string>();
      for (const c of unscoped) {
        const row = access.get(c.tbl as TableName, c.key);
        const scope = row ? rowScope(c.tbl, row, memo) : null;
        setScope.run(scope?.unitId ?? t.rootId, scope?.kind ?? backfillKind(c.tbl), c.seq);
      }
      if (unscoped.length > 0) put('unit', access.get('unit', t.rootId)!);
      q.putMeta.run('scope_backfill', BACKFILLED.join(','));
    })();
    return unscoped.length;
  }
  scopeLedger();

  return {
    db: db as Database.Database,
    cursor,
    isSeeded: (): boolean => q.getMeta.get('seeded_at') !== undefined,
    /** The city this database was seeded for ('' for databases seeded before cities were named). */
    seededCity: (): string => q.getMeta.get('city_hash')?.value ?? '',
    seed: (data: SeedData, cityHash = ''): void => seed(data, cityHash),
    assetsSeeded: (): boolean => q.getMeta.get('assets_seeded_at') !== undefined,
    seedAssets: (ledger: Pick<DemoLedger, 'types' | 'assets' | 'events' | 'repairs' | 'climate'> & Partial<Pick<DemoLedger, 'batteryDays'>>): void => seedAssets(ledger),
    /** Writes one row (and its change) in a transaction of its own. */
    put: <N extends TableName>(table: N, row: RowOf<N>): number => db.transaction(() => put(table, row))(),
    get: <N extends TableName>(table: N, key: string): RowOf<N> | undefined => access.get(table, key),
    where: <N extends TableName>(table: N, column: string, value: string | number): RowOf<N>[] => access.where(table, column, value),
    /** Every row of a table (by key). */
    rows: <N extends TableName>(table: N): RowOf<N>[] => access.all(table),
    remove: (table: 'unit', key: string): boolean => db.transaction(() => remove(table, key))(),
    setVehicleStatuses: (updates: readonly { id: string; status: VehicleStatus }[]): string[] => setVehicleStatuses(updates),
    addOdometer: (updates: readonly { id: string; km: number }[]): string[] => addOdometer(updates),
    serviceSeeded: (): boolean => q.getMeta.get('service_seeded_at') !== undefined,
    seedServiceRecords: (records: ReadonlyMap<string, VehicleService>): void => seedServiceRecords(records),
    /**
     * The central's own event (the simulator's vehicle loaded or arrived), applied by the
     * same rules an officer's confirmation uses, outside the journal: it is no command.
     */
    event: (fn: (tx: TableTx) => boolean): { done: boolean; changes: MadeChange[] } =>
      db.transaction(() => {
        const { value, changes } = collecting(() => fn(tx));
        return { done: value, changes };
      })(),
    /** The newest change seq touching a table (0 if none). */
    lastSeqOf: (table: ReplicaTable): number => q.lastSeqOf.get(table)?.seq ?? 0,
    /** Runs reads in one transaction, so they see one consistent state. */
    read: <T>(fn: () => T): T => db.transaction(fn)(),
    /** Runs writes in one transaction (commands inside run in savepoints of their own). */
    inTransaction: <T>(fn: () => T): T => db.transaction(fn)(),
    /** `context`: what the rules may know beyond the tables (the city's area). */
    /** `reach`: checked after the rules, on every change they made; a refusal rolls them all back. */
    runCommand: (cmd: Command, authorize?: (cmd: Command) => ApplyResult, context?: Omit<ApplyCtx, 'at'>, reach?: (changes: readonly MadeChange[]) => ApplyResult): { result: CommandResult; replay: boolean; changes: MadeChange[] } =>
      runCommand(cmd, authorize, context, reach),
    changesPage,
    consoleScope,
    fullMarker,
    rowsIn,
    lastSeqIn,
    /** The command tree (null while the central has none). */
    tree,
    /** How a row is scoped (null: a table every console holds whole). */
    rowScope,
    scopeSettings: (): ScopeSettings => scopeSettings,
    /** The first tree, once (central/city.ts decides which): the rows already stored get their units. */
    seedUnits: (units: readonly RowOf<'unit'>[]): void =>
      db.transaction(() => {
        for (const u of units) put('unit', u);
        // Rows from before the tree: each gets its unit now (a change each, so every console learns it).
        // (A site's ledger moves with it: its assets, their steps and repairs, its readings.)
        for (const t of ['site', 'vehicle', 'request', 'alert'] as const) {
          for (const row of access.all(t) as { unitId?: string }[]) if (row.unitId === undefined) put(t, row as never);
        }
        // What the moves above did not reach (an asset with no site) is scoped where it is.
        scopeLedger();
      })(),
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
