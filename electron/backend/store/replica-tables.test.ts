/**
 * Every replica table has every part of its declaration (shared/replica/table.ts), and
 * both stores create it as declared: a declaration changed without a migration on each
 * side, or a migration that drifts from it, fails here.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate as migrateBackend } from './database';
import { migrations as backendMigrations } from './migrations';
import { openStore as openCentral } from '../../../central/store';
import { changeSchema, digestSchema, snapshotSchema } from '../../../shared/central-api';
import { canonicalRow } from '../../../shared/digest';
import { DEFAULT_DUTY_CONFIG } from '../../../shared/duty/defaults';
import { TABLES, TABLE_NAMES, type TableName } from '../../../shared/replica/registry';

const C = '0123456789abcdef';
const samples: Record<TableName, Record<string, unknown>> = {
  site: { id: 'qp-01', kind: 'quickpick', name: '快取点01', nameEn: 'Quick-pick 01', address: 'Drottninggatan 1', lon: 11.96, lat: 57.7 },
  item: { id: 'helmet', name: '头盔', nameEn: 'Helmet', unit: '顶', unitEn: 'pcs', category: 'equipment' },
  stock: { siteId: 'qp-01', itemId: 'helmet', quantity: 40, safetyLevel: 10 },
  vehicle: { id: 'veh-001', no: 1, plate: '粤A·0001警', kind: 'van', status: 'available', crew: ['王伟'], homeSiteId: 'qp-01', capacity: 60 },
  request: {
    id: '11111111-1111-4111-8111-111111111111', destination: { lon: 11.97, lat: 57.7, label: '林奈广场' }, items: [{ itemId: 'helmet', quantity: 2 }],
    priority: 'red', requester: '', note: '', createdAt: 1, deadlineAt: 2, class: 'public_help', status: 'open', deliveredAt: null,
  },
  dispatch: {
    id: '22222222-2222-4222-8222-222222222222', requestId: '11111111-1111-4111-8111-111111111111', vehicleId: 'veh-001', pickups: [{ siteId: 'qp-01', itemId: 'helmet', quantity: 2 }],
    siteIds: ['qp-01'], predictedArrivalAt: 3, status: 'enroute', createdAt: 1, pickedUpAt: null, deliveredAt: null,
  },
  user_account: { id: 'u-duty', username: 'duty01', displayName: '李值班', role: 'duty', disabled: false, enrolled: true, version: 3, updatedAt: 5 },
  audit: {
    seq: 7, wsSeq: 4, wsHash: 'a'.repeat(64), prevHash: 'b'.repeat(64), hash: 'c'.repeat(64), at: 6, workstation: 'ws-01', userId: 'u-duty', username: 'duty01',
    role: 'duty', action: 'command', target: 'command:vehicle.setStatus', outcome: 'ok', detail: { commandId: 'x' },
  },
  asset_type: { id: 'at-bodycam-1', class: 'bodycam', name: '执法记录仪 A', nameEn: 'Body camera A', serviceLifeMonths: 60, ratedCycles: 300 },
  asset: {
    id: 'as-000001', typeId: 'at-bodycam-1', serial: 'SN-1', qr: 'JB-000001', epc: 'E28011700000020A1B2C3D4E', state: 'stored', siteId: 'qp-01',
    holder: 'duty01', since: 5, procuredAt: 1, acceptedAt: 2, cycles: 12, pendingRequestId: 'rp-1',
  },
  asset_event: { id: 'as-000001:0', assetId: 'as-000001', step: 'store', at: 3, by: 'duty01', from: 'accepted', to: 'stored', siteId: 'qp-01', holder: 'x', note: '入库' },
  repair: {
    id: 'rp-1', target: { kind: 'asset', id: 'as-000001' }, kind: 'repair', reason: '屏幕破裂', status: 'approved', filedAt: 1, filedBy: 'duty01',
    decidedAt: 2, decidedBy: 'sup01', decisionNote: '同意', sentAt: 3, backAt: 4,
  },
  climate_reading: { siteId: 'qp-01', at: 1, tempC: 21.5, humidity: 55 },
  battery_day: { assetId: 'as-000001', day: '2026-11-01', flights: 3, counter: null },
  duty_config: { id: 'duty', config: DEFAULT_DUTY_CONFIG, changedAt: 1, changedBy: 'sup01' },
  alert: {
    id: 'red_request:11111111-1111-4111-8111-111111111111', kind: 'red_request', level: 'red', subject: '11111111-1111-4111-8111-111111111111', label: '林奈广场',
    place: { lon: 11.97, lat: 57.7 }, raisedAt: 1, raisedBy: 'system', owner: 'duty01', respondBy: 2, closeBy: 3, state: 'acknowledged',
    acknowledged: { at: 2, by: 'duty01' }, escalations: [{ at: 2, by: 'duty01', to: ['supervisor'], reason: 'manual', note: '请领导决定' }],
    overdue: { respond: 2, close: null }, clearedAt: 4, closed: { at: 5, by: 'duty01', note: '已处置' },
  },
  handover: {
    id: '2026-12-03/day', shiftStart: 1, shiftEnd: 2, shiftName: '白班', team: '一组', draft: '交接班记录', notes: '无', contentHash: 'd'.repeat(64),
    outgoing: { username: 'duty01', displayName: '李值班', at: 2 }, incoming: { username: 'duty02', displayName: '王值班', at: 3 },
  },
  unit: {
    id: 'unit-centrum', kind: 'county', name: '中心区分局', nameEn: 'Centrum District Bureau', parentId: 'unit-gbg',
    area: { type: 'Polygon', coordinates: [[[11.95, 57.69], [12, 57.69], [12, 57.72], [11.95, 57.69]]] }, address: 'Skånegatan',
  },
  drill: { id: '33333333-3333-4333-8333-333333333333', startedAt: 1, startedBy: 'sup01', workstation: 'ws-01', endedAt: 2, queued: 3, result: 'reconciled', note: '演练' },
};

/** Columns as the database holds them: name → declared type. */
const columnsOf = (db: { prepare(sql: string): { all(): unknown[] } }, table: string) =>
  Object.fromEntries((db.prepare(`SELECT name, type FROM pragma_table_info('${table}')`).all() as { name: string; type: string }[]).map((c) => [c.name, c.type]));
const expected = (t: (typeof TABLES)[number]) => ({ key: 'TEXT', row: 'TEXT', ...Object.fromEntries(Object.entries(t.columns).map(([n, c]) => [n, c.type])) });

describe('replica table registry', () => {
  it('has a sample for every table', () => {
    expect(Object.keys(samples).sort()).toEqual([...TABLE_NAMES].sort());
  });

  describe.each(TABLES.map((t) => [t.name, t] as const))('%s', (name, t) => {
    const row = samples[name];
    it('has a schema that takes its sample and refuses junk', () => {
      expect(t.schema.safeParse(row).success).toBe(true);
      expect(t.schema.safeParse({ ...row, junk: 1 }).success).toBe(false);
    });
    it('has a key, and every field of the row enters the digest', () => {
      expect(typeof t.key(row as never)).toBe('string');
      const base = canonicalRow(name, row as never);
      for (const field of Object.keys(row)) {
        const changed = { ...row, [field]: typeof row[field] === 'number' ? (row[field] as number) + 1 : typeof row[field] === 'string' ? `${row[field] as string}x` : row[field] === null ? 7 : [] };
        expect(canonicalRow(name, changed as never), `${name}.${field} is not in the digest`).not.toBe(base);
      }
    });
    it('reads each declared column off the row', () => {
      for (const [, c] of Object.entries(t.columns)) expect(['string', 'number']).toContain(typeof c.of(row as never));
      expect(t.maxRows).toBeGreaterThan(0);
    });
    it('travels in the change feed, snapshots and digests', () => {
      expect(changeSchema.safeParse({ seq: 1, table: name, op: 'upsert', key: t.key(row as never), row }).success).toBe(true);
      expect(changeSchema.safeParse({ seq: 1, table: name, op: 'delete', key: 'k', row: null }).success).toBe(true);
      expect(snapshotSchema.safeParse({ table: name, cursor: 1, chain: C, lastSeq: 1, rows: [row] }).success).toBe(true);
      expect(Object.keys((digestSchema as unknown as { shape: { tables: { shape: object } } }).shape.tables.shape)).toContain(name);
    });
    it('is created as declared by the backend’s migrations', () => {
      const db = new Database(':memory:');
      migrateBackend(db, backendMigrations);
      expect(columnsOf(db, name)).toEqual(expected(t));
      db.close();
    });
    it('is created as declared by the central’s migrations', () => {
      const store = openCentral(':memory:');
      expect(columnsOf(store.db, name)).toEqual(expected(t));
      store.close();
    });
  });
});
