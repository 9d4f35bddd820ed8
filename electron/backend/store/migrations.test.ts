import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MigrationMismatchError, openStore } from './database';
import { migrations } from './migrations';
import { testCacheKey } from '../test-support';

const cacheKey = testCacheKey();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jb-mig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[]);

/** Applies migrations 1..n to a fresh database. */
const upTo = (n: number) => {
  const db = new Database(join(dir, `m${n}.sqlite`));
  migrate(db, migrations.slice(0, n));
  return db;
};

describe('migrations', () => {
  it('are numbered 1..n with unique names', () => {
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
  });

  it('001 replica: creates the replica tables, STRICT, with checks', () => {
    const db = upTo(1);
    const t = tables(db).filter((x) => x.name !== 'schema_migration');
    expect(t.map((x) => x.name)).toEqual(['item', 'meta', 'site', 'stock', 'vehicle']);
    t.forEach((x) => expect(x.sql).toMatch(/STRICT/));
    expect(() => db.prepare("INSERT INTO stock VALUES ('a', 'b', -1, 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO site VALUES ('a', 'secret', 'n', 'n', '', 'x', 1)").run()).toThrow();
    db.close();
  });

  it('002 positions: latest position and trail tables', () => {
    const db = upTo(2);
    const t = tables(db).map((x) => x.name);
    expect(t).toContain('position_latest');
    expect(t).toContain('position_trail');
    db.prepare('INSERT INTO position_trail VALUES (1, 10, 11.9, 57.7)').run();
    expect(() => db.prepare('INSERT INTO position_trail VALUES (1, 10, 11.9, 57.7)').run()).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });

  it('003 sync_event: link problem log', () => {
    const db = upTo(3);
    db.prepare("INSERT INTO sync_event (at, kind, detail) VALUES (1, 'page_rejected', 'x')").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_event').get()).toEqual({ n: 1 });
    db.close();
  });

  it('opens in WAL mode and re-opening applies nothing twice', () => {
    const path = join(dir, 'cache.sqlite');
    openStore(path, { key: cacheKey }).close();
    const db = openStore(path, { key: cacheKey });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migration').get()).toEqual({ n: migrations.length });
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const path = join(dir, 'newer.sqlite');
    openStore(path, { key: cacheKey, migrations: [...migrations, { version: migrations.length + 1, name: 'future', sql: 'CREATE TABLE future (x INTEGER) STRICT' }] }).close();
    expect(() => openStore(path, { key: cacheKey })).toThrow(MigrationMismatchError);
  });

  it('refuses a database whose migration names disagree', () => {
    const path = join(dir, 'renamed.sqlite');
    openStore(path, { key: cacheKey }).close();
    const renamed = migrations.map((m, i) => (i === 0 ? { ...m, name: 'something-else' } : m));
    expect(() => openStore(path, { key: cacheKey, migrations: renamed })).toThrow(/expects 'something-else'/);
  });

  it('rolls back a failing migration entirely', () => {
    const path = join(dir, 'broken.sqlite');
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok (x INTEGER) STRICT; NOT SQL' }];
    expect(() => openStore(path, { key: cacheKey, migrations: broken })).toThrow();
    const db = openStore(path, { key: cacheKey });
    expect(tables(db).map((x) => x.name)).not.toContain('ok');
    db.close();
  });
});

describe('migration 004 outbox', () => {
  it('creates the outbox, conflicts and outage history, STRICT, with state checks', () => {
    const db = upTo(4);
    const t = tables(db);
    for (const name of ['outbox', 'conflict', 'link_outage']) expect(t.find((x) => x.name === name)?.sql).toMatch(/STRICT/);
    db.prepare("INSERT INTO outbox (id, type, payload, issued_at, state, updated_at) VALUES ('a', 'stock.adjust', '{}', 1, 'pending', 1)").run();
    expect(() => db.prepare("INSERT INTO outbox (id, type, payload, issued_at, state, updated_at) VALUES ('a', 'x', '{}', 1, 'pending', 1)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO outbox (id, type, payload, issued_at, state, updated_at) VALUES ('b', 'x', '{}', 1, 'lost', 1)").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 005 dispatch', () => {
  it('creates the request and dispatch replicas, STRICT, with status checks', () => {
    const db = upTo(5);
    const t = tables(db);
    for (const name of ['request', 'dispatch']) expect(t.find((x) => x.name === name)?.sql).toMatch(/STRICT/);
    expect(() => db.prepare("INSERT INTO request (id, status, created_at, row) VALUES ('r', 'lost', 1, '{}')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO dispatch (id, request_id, vehicle_id, status, row) VALUES ('d', 'r', 'v', 'enroute', '{}')").run();
    db.close();
  });
});

describe('migration 006 alert_ack', () => {
  it('records acknowledgements once per alert', () => {
    const db = upTo(6);
    expect(tables(db).find((x) => x.name === 'alert_ack')?.sql).toMatch(/STRICT/);
    db.prepare("INSERT INTO alert_ack VALUES ('red_request:x', 1)").run();
    expect(() => db.prepare("INSERT INTO alert_ack VALUES ('red_request:x', 2)").run()).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});

describe('migration 007 exactly_once', () => {
  it('adds the applied chain, the unknown-outcome mark and the resend count to the outbox, and the retention indexes', () => {
    const db = upTo(7);
    const cols = (db.prepare("SELECT name FROM pragma_table_info('outbox')").all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['applied_chain', 'unknown_since', 'resent']));
    db.prepare("INSERT INTO outbox (id, type, payload, issued_at, state, updated_at) VALUES ('a', 'stock.adjust', '{}', 1, 'pending', 1)").run();
    expect(db.prepare("SELECT resent, unknown_since, applied_chain FROM outbox WHERE id = 'a'").get()).toEqual({ resent: 0, unknown_since: null, applied_chain: null });
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['outbox_applied', 'outbox_updated', 'conflict_resolved', 'link_outage_started', 'alert_ack_at']));
    db.close();
  });
});

describe('migration 015 timeline steps as columns', () => {
  it('fills each kept step’s states from its row, and the trend’s month is read from one covering index', () => {
    const db = upTo(14);
    const step = (id: string, at: number, from: string | null, to: string) =>
      db.prepare('INSERT INTO asset_event (key, row, asset_id, at) VALUES (?, ?, ?, ?)').run(id, JSON.stringify({ id, assetId: 'a1', step: 'allocate', at, by: 'x', from, to, siteId: null, holder: 'x', note: '' }), 'a1', at);
    step('a1:0', 1, null, 'procured');
    step('a1:1', 2, 'stored', 'allocated');
    migrate(db, migrations.slice(0, 15));
    expect(db.prepare('SELECT key, at, from_state, to_state FROM asset_event ORDER BY at').all()).toEqual([
      { key: 'a1:0', at: 1, from_state: null, to_state: 'procured' },
      { key: 'a1:1', at: 2, from_state: 'stored', to_state: 'allocated' },
    ]);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT key, asset_id, at, from_state, to_state FROM asset_event WHERE at > ? AND at <= ?').all(0, 10) as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/COVERING INDEX asset_event_window/);
    db.close();
  });
});
