import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changesPageSchema } from '../shared/central-api';
import { openStore, SCHEMA_VERSION } from './store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jb-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const seed = {
  sites: [{ id: 's1', kind: 'central' as const, name: '中心物资库', nameEn: 'Central', address: 'Ullevigatan', lon: 11.98, lat: 57.71 }],
  items: [{ id: 'mask', name: 'N95口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs', category: 'consumable' as const }],
  stock: [{ siteId: 's1', itemId: 'mask', quantity: 10, safetyLevel: 2 }],
  vehicles: [
    { id: 'veh-001', no: 1, plate: '粤A·0001警', kind: 'van' as const, status: 'available' as const, crew: ['王伟'], homeSiteId: 's1', capacity: 60 },
  ],
};

describe('migrations', () => {
  it('migrations 1–3 create STRICT tables and set user_version', () => {
    const path = join(dir, 'c.sqlite');
    openStore(path).close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    expect(tables.map((t) => t.name).sort()).toEqual([
      'alert', 'asset', 'asset_event', 'asset_type', 'audit', 'audit_ws_head', 'auth_throttle', 'battery_day', 'central_session', 'change', 'climate_reading', 'command', 'dispatch', 'drill',
      'duty_config', 'handover', 'item', 'meta', 'repair', 'request', 'site', 'stock', 'unit', 'user_account', 'user_secret', 'vehicle', 'vehicle_position', 'workstation',
    ]);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    db.close();
  });

  it('migration 2 indexes the change log by table; migration 3 adds requests and dispatch orders', () => {
    const path = join(dir, 'c.sqlite');
    openStore(path).close();
    const db = new Database(path);
    const indexes = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all().map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['change_tbl_seq', 'dispatch_request_id']));
    db.close();
  });

  it('refuses a database from a newer server', () => {
    const path = join(dir, 'c.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(/newer than this server/);
  });
});

describe('store', () => {
  it('logs every upsert as a change, in order, as valid pages', () => {
    const store = openStore(join(dir, 'c.sqlite'));
    store.seed(seed);
    expect(store.cursor()).toBe(4);
    const page = changesPageSchema.parse(JSON.parse(store.changesPage(0, 10).json));
    expect(page.changes.map((c) => [c.seq, c.table, c.key])).toEqual([
      [1, 'site', 's1'],
      [2, 'item', 'mask'],
      [3, 'stock', 's1/mask'],
      [4, 'vehicle', 'veh-001'],
    ]);
    expect(store.setVehicleStatuses([{ id: 'veh-001', status: 'enroute' }, { id: 'nope', status: 'enroute' }])).toEqual(['veh-001']);
    // Setting the same status again is not a change.
    expect(store.setVehicleStatuses([{ id: 'veh-001', status: 'enroute' }])).toEqual([]);
    expect(store.cursor()).toBe(5);
    store.close();
  });
});
