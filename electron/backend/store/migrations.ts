import { TIMELINE_STATES_MIGRATION } from '../../../shared/assets/tables';
/**
 * Numbered, append-only migrations. Never edit or reorder a released entry: add a
 * new one. The store refuses to open a database whose applied migrations disagree
 * with this list (a newer app wrote it, or the list was edited). Every table is STRICT.
 */
export type Migration = { version: number; name: string; sql: string };

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'replica',
    // Replica of the central's tables, written only by the puller from the change feed.
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE site (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('central', 'regional', 'quickpick')),
        name TEXT NOT NULL, name_en TEXT NOT NULL, address TEXT NOT NULL,
        lon REAL NOT NULL, lat REAL NOT NULL
      ) STRICT;
      CREATE TABLE item (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL,
        unit TEXT NOT NULL, unit_en TEXT NOT NULL,
        category TEXT NOT NULL CHECK (category IN ('consumable', 'equipment'))
      ) STRICT;
      CREATE TABLE stock (
        site_id TEXT NOT NULL, item_id TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity >= 0),
        safety_level INTEGER NOT NULL CHECK (safety_level >= 0),
        PRIMARY KEY (site_id, item_id)
      ) STRICT;
      CREATE TABLE vehicle (
        id TEXT PRIMARY KEY, no INTEGER NOT NULL UNIQUE, plate TEXT NOT NULL,
        kind TEXT NOT NULL, status TEXT NOT NULL, crew TEXT NOT NULL,
        home_site_id TEXT NOT NULL, capacity INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'positions',
    // Latest position per vehicle plus a bounded trail (pruned by age in positions.ts).
    sql: `
      CREATE TABLE position_latest (
        vehicle_no INTEGER PRIMARY KEY, lon REAL NOT NULL, lat REAL NOT NULL,
        heading REAL NOT NULL, speed_kmh REAL NOT NULL, ts REAL NOT NULL
      ) STRICT;
      CREATE TABLE position_trail (
        vehicle_no INTEGER NOT NULL, ts REAL NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL,
        PRIMARY KEY (vehicle_no, ts)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX position_trail_ts ON position_trail (ts);
    `,
  },
  {
    version: 3,
    name: 'sync_event',
    // What went wrong on the link, kept for the operators and the handover.
    sql: `
      CREATE TABLE sync_event (
        id INTEGER PRIMARY KEY, at REAL NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_event_at ON sync_event (at);
    `,
  },
  {
    version: 4,
    name: 'outbox',
    // Officers' commands, written in the same transaction as their local effect (the
    // effect is derived from the pending rows, see store/outbox.ts). `seq` is the send
    // order; `applied_cursor` is the change seq at which the central applied it.
    sql: `
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        issued_at REAL NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'applied', 'rejected')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        applied_cursor INTEGER,
        updated_at REAL NOT NULL
      ) STRICT;
      CREATE INDEX outbox_state ON outbox (state, seq);
      CREATE TABLE conflict (
        id INTEGER PRIMARY KEY,
        command_id TEXT NOT NULL UNIQUE REFERENCES outbox (id),
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        server_row TEXT,
        created_at REAL NOT NULL,
        resolved_at REAL,
        resolution TEXT CHECK (resolution IN ('discarded', 'reissued'))
      ) STRICT;
      CREATE TABLE link_outage (
        id INTEGER PRIMARY KEY,
        started_at REAL NOT NULL,
        ended_at REAL,
        commands_queued INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'dispatch',
    // Replicas of the central's supply requests and dispatch orders (validated JSON rows),
    // with the columns the board filters on.
    sql: `
      CREATE TABLE request (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('open', 'dispatched', 'delivered', 'cancelled')),
        created_at REAL NOT NULL,
        row TEXT NOT NULL
      ) STRICT;
      CREATE INDEX request_created ON request (created_at);
      CREATE TABLE dispatch (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        vehicle_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('enroute', 'delivered', 'cancelled')),
        row TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dispatch_request ON dispatch (request_id);
    `,
  },
  {
    version: 6,
    name: 'alert_ack',
    // Which derived alerts an officer acknowledged on this console, and when.
    sql: `
      CREATE TABLE alert_ack (alert_id TEXT PRIMARY KEY, acknowledged_at REAL NOT NULL) STRICT;
    `,
  },
  {
    version: 7,
    name: 'exactly_once',
    // applied_chain: the central's hash chain at applied_cursor, so after a rewind the client
    // can ask which of its applied commands the central still holds. unknown_since: the last
    // answer was unreadable, so whether the central applied it is not known (the same id is
    // retried). resent: times it went back to the queue after the central lost it. The
    // indexes serve the retention job.
    sql: `
      ALTER TABLE outbox ADD COLUMN applied_chain TEXT;
      ALTER TABLE outbox ADD COLUMN unknown_since REAL;
      ALTER TABLE outbox ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX outbox_applied ON outbox (state, applied_cursor);
      CREATE INDEX outbox_updated ON outbox (updated_at);
      CREATE INDEX conflict_resolved ON conflict (resolved_at);
      CREATE INDEX link_outage_started ON link_outage (started_at);
      CREATE INDEX alert_ack_at ON alert_ack (acknowledged_at);
    `,
  },
  {
    version: 8,
    name: 'replica_tables',
    // Every replica table in the one shape its declaration describes (shared/replica/table.ts):
    // the key, the validated row as JSON, and the declared columns, each indexed. The rows
    // already here are carried over, so a board upgraded during an outage still has its city.
    sql: `
      CREATE TABLE site_v8 (key TEXT PRIMARY KEY, row TEXT NOT NULL) STRICT;
      INSERT INTO site_v8 (key, row)
        SELECT id, json_object('id', id, 'kind', kind, 'name', name, 'nameEn', name_en, 'address', address, 'lon', lon, 'lat', lat) FROM site;
      CREATE TABLE item_v8 (key TEXT PRIMARY KEY, row TEXT NOT NULL) STRICT;
      INSERT INTO item_v8 (key, row)
        SELECT id, json_object('id', id, 'name', name, 'nameEn', name_en, 'unit', unit, 'unitEn', unit_en, 'category', category) FROM item;
      CREATE TABLE stock_v8 (key TEXT PRIMARY KEY, row TEXT NOT NULL, site_id TEXT, item_id TEXT) STRICT;
      INSERT INTO stock_v8 (key, row, site_id, item_id)
        SELECT site_id || '/' || item_id, json_object('siteId', site_id, 'itemId', item_id, 'quantity', quantity, 'safetyLevel', safety_level), site_id, item_id FROM stock;
      CREATE TABLE vehicle_v8 (key TEXT PRIMARY KEY, row TEXT NOT NULL, no INTEGER) STRICT;
      INSERT INTO vehicle_v8 (key, row, no)
        SELECT id, json_object('id', id, 'no', no, 'plate', plate, 'kind', kind, 'status', status, 'crew', json(crew), 'homeSiteId', home_site_id, 'capacity', capacity), no FROM vehicle;
      CREATE TABLE request_v8 (key TEXT PRIMARY KEY, row TEXT NOT NULL, status TEXT, created_at REAL) STRICT;
      INSERT INTO request_v8 (key, row, status, created_at) SELECT id, row, status, created_at FROM request;
      CREATE TABLE dispatch_v8 (key TEXT PRIMARY KEY, row TEXT NOT NULL, request_id TEXT, vehicle_id TEXT, status TEXT) STRICT;
      INSERT INTO dispatch_v8 (key, row, request_id, vehicle_id, status) SELECT id, row, request_id, vehicle_id, status FROM dispatch;
      DROP TABLE site; DROP TABLE item; DROP TABLE stock; DROP TABLE vehicle; DROP TABLE request; DROP TABLE dispatch;
      ALTER TABLE site_v8 RENAME TO site;
      ALTER TABLE item_v8 RENAME TO item;
      ALTER TABLE stock_v8 RENAME TO stock;
      ALTER TABLE vehicle_v8 RENAME TO vehicle;
      ALTER TABLE request_v8 RENAME TO request;
      ALTER TABLE dispatch_v8 RENAME TO dispatch;
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
    version: 9,
    name: 'people',
    // Who did it: the officer on each queued command, the audit chain written with every
    // action, the users the central holds (no secrets) and its audit chain, the verifiers
    // that let an officer who signed in here before sign in during an outage, and the
    // sign-in throttle.
    sql: `
      ALTER TABLE outbox ADD COLUMN actor TEXT;
      CREATE TABLE user_account (key TEXT PRIMARY KEY, row TEXT NOT NULL, username TEXT) STRICT;
      CREATE INDEX user_account_username ON user_account (username);
      CREATE TABLE audit (key TEXT PRIMARY KEY, row TEXT NOT NULL, seq INTEGER, workstation TEXT, ws_seq INTEGER, at REAL) STRICT;
      CREATE INDEX audit_seq ON audit (seq);
      CREATE INDEX audit_workstation ON audit (workstation);
      CREATE INDEX audit_ws_seq ON audit (ws_seq);
      CREATE INDEX audit_at ON audit (at);
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY, at REAL NOT NULL, workstation TEXT NOT NULL, user_id TEXT, username TEXT, role TEXT,
        action TEXT NOT NULL, target TEXT, outcome TEXT NOT NULL, detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL, uploaded_at REAL) STRICT;
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_pending ON audit_log (uploaded_at) WHERE uploaded_at IS NULL;
      CREATE TABLE auth_verifier (
        user_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
        version INTEGER NOT NULL, password_hash TEXT NOT NULL, seed_salt BLOB NOT NULL, seed_iv BLOB NOT NULL,
        seed_box BLOB NOT NULL, last_counter INTEGER NOT NULL DEFAULT 0, cached_at REAL NOT NULL) STRICT;
      CREATE TABLE auth_throttle (subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, blocked_until REAL NOT NULL, updated_at REAL NOT NULL) STRICT;
    `,
  },
  {
    version: 10,
    name: 'history points',
    // The central's history as this cache pulled it: a point (seq, chain) per pulled page,
    // the last thousand. A rewind finds where histories part among them, so a command whose
    // outcome came from the change feed (no chain of its own) is not sent again needlessly.
    sql: `
      CREATE TABLE history_point (seq INTEGER PRIMARY KEY, chain TEXT NOT NULL) STRICT;
    `,
  },
  {
    version: 11,
    name: 'readiness ledger',
    // The readiness ledger's replica tables (shared/assets/tables.ts): asset types, assets
    // (found by a scanned QR, EPC or serial: each an index), each asset's timeline, repair
    // and scrapping requests, and the sites' storage conditions.
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
    version: 12,
    name: 'duty shift',
    // The duty shift's replica tables (shared/duty/tables.ts): the duty settings (one row),
    // alerts as central records, signed handovers and link-failure drills.
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
    version: 13,
    name: 'timeline by time',
    // Each asset step's time as a column (shared/assets/tables.ts): the 30-day readiness trend
    // reads a month of steps by an index, not every kept step's JSON, and each asset's oldest
    // kept step from (asset_id, at) alone (a covering index: no row is read). Filled from the rows here.
    sql: `
      ALTER TABLE asset_event ADD COLUMN at REAL;
      UPDATE asset_event SET at = json_extract(row, '$.at');
      CREATE INDEX asset_event_at ON asset_event (at);
      CREATE INDEX asset_event_asset_at ON asset_event (asset_id, at);
    `,
  },
  {
    version: 14,
    name: 'command tree',
    // The units of the command (shared/scope/tables.ts): the tree this console's scope is a part of.
    sql: `
      CREATE TABLE unit (key TEXT PRIMARY KEY, row TEXT NOT NULL, parent_id TEXT) STRICT;
      CREATE INDEX unit_parent_id ON unit (parent_id);
    `,
  },
  {
    version: 15,
    name: 'timeline steps as columns',
    // Each asset step's states as columns, and one covering index the 30-day readiness trend
    // reads its month of steps from (electron/backend/assets/readiness-reports.ts): the first
    // read was ~1.4 s at the division's scale, nearly all of it a scan of the kept steps' JSON.
    // The index by time alone is covered by the new one. Filled from the rows here.
    sql: TIMELINE_STATES_MIGRATION,
  },
  {
    version: 16,
    name: 'battery days',
    // Drone batteries' days in the flight logs (shared/assets/tables.ts batteryDayTable): a log of
    // flights a day counts each day once however often it is imported.
    sql: `
      CREATE TABLE battery_day (key TEXT PRIMARY KEY, row TEXT NOT NULL, asset_id TEXT, day TEXT) STRICT;
      CREATE INDEX battery_day_asset_id ON battery_day (asset_id);
      CREATE INDEX battery_day_day ON battery_day (day);
    `,
  },
];
