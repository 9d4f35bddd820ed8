import { defineTable } from '../replica/table';
import { assetEventSchema, assetSchema, assetTypeSchema, batteryDaySchema, climateReadingSchema, repairSchema, type AssetEvent } from './schema';

/**
 * The readiness ledger's replica tables. Scale: ~90,000 assets in the division, each found by
 * a scanned code (QR, EPC or serial: an index hit each), listed by type, site and state.
 */
export const assetTypeTable = defineTable({
  name: 'asset_type',
  schema: assetTypeSchema,
  key: (r) => r.id,
  columns: { asset_class: { type: 'TEXT', of: (r) => r.class } },
  digest: (r) => [r.id, r.class, r.name, r.nameEn, r.serviceLifeMonths, r.ratedCycles],
  maxRows: 10_000,
});

export const assetTable = defineTable({
  name: 'asset',
  schema: assetSchema,
  key: (r) => r.id,
  columns: {
    type_id: { type: 'TEXT', of: (r) => r.typeId },
    site_id: { type: 'TEXT', of: (r) => r.siteId },
    state: { type: 'TEXT', of: (r) => r.state },
    qr: { type: 'TEXT', of: (r) => r.qr },
    epc: { type: 'TEXT', of: (r) => r.epc },
    serial: { type: 'TEXT', of: (r) => r.serial },
  },
  digest: (r) => [r.id, r.typeId, r.serial, r.qr, r.epc, r.state, r.siteId, r.holder, r.since, r.procuredAt, r.acceptedAt, r.cycles, r.pendingRequestId],
  maxRows: 1_000_000,
});

/**
 * How many steps of each asset's timeline the replica keeps (central and every board: the
 * replica stays an exact mirror). The timeline is a ring per asset: event ids are
 * `<assetId>:<slot>`, and a step writes over the asset's oldest slot once all are used, so
 * the table holds at most TIMELINE_KEPT × assets rows however long the ledger runs. Every
 * step is also an audited command, and the central's audit chain keeps each one for good:
 * the ring is what the record shows, the audit chain is the complete history.
 *
 * Why a ring, with the figure: a board's first sync pulls every row through the change feed.
 * bench/asset-sync.bench.ts, through the real link (central + encrypted cache, 2 shared cores):
 * 90,000 assets with a year of the demo's events (320,558 kept), 61,377 repairs and 5,110
 * readings = 476,748 changes, first sync 32.5 s (~6.8 s per 100,000 changes), peak RSS
 * 621 MiB. The events are two thirds of that. Unbounded, the timeline grows every year
 * without end (a body camera issued and returned each shift is ~700 steps a year: 30,000
 * of them would add ~21 M changes, ~24 min of first sync, per year); with eight slots the
 * table holds at most 720,000 rows (≤ ~50 s of first sync) for good, and eight steps hold
 * the whole demo year of 99.9% of the assets (a typical item has 3–8 steps a year).
 */
export const TIMELINE_KEPT = 8;

/** The event id a step takes: the asset's first free slot, else its oldest. */
export function timelineSlot(assetId: string, existing: readonly Pick<AssetEvent, 'id' | 'at'>[]): string {
  const used = new Set(existing.map((e) => e.id));
  for (let i = 0; i < TIMELINE_KEPT; i++) if (!used.has(`${assetId}:${i}`)) return `${assetId}:${i}`;
  let oldest = existing[0]!;
  for (const e of existing) if (e.at < oldest.at || (e.at === oldest.at && e.id < oldest.id)) oldest = e;
  return oldest.id;
}

export const assetEventTable = defineTable({
  name: 'asset_event',
  schema: assetEventSchema,
  key: (r) => r.id,
  // `at`, `from_state`, `to_state`: the trend reads a month of steps by time from one covering
  // index (at, asset_id, from_state, to_state, key), not the rows' JSON.
  columns: {
    asset_id: { type: 'TEXT', of: (r) => r.assetId },
    at: { type: 'REAL', of: (r) => r.at },
    from_state: { type: 'TEXT', of: (r) => r.from },
    to_state: { type: 'TEXT', of: (r) => r.to },
  },
  digest: (r) => [r.id, r.assetId, r.step, r.at, r.by, r.from, r.to, r.siteId, r.holder, r.note],
  maxRows: 2_000_000,
});

/**
 * The migration that gave a replica's `asset_event` its `from_state` and `to_state` columns and
 * the trend's covering index (the board's v15, the central's v12: the table's shape is one on
 * both sides). Applied migrations never change: a later change is a new migration.
 */
export const TIMELINE_STATES_MIGRATION = `
  ALTER TABLE asset_event ADD COLUMN from_state TEXT;
  ALTER TABLE asset_event ADD COLUMN to_state TEXT;
  UPDATE asset_event SET from_state = json_extract(row, '$.from'), to_state = json_extract(row, '$.to');
  DROP INDEX asset_event_at;
  CREATE INDEX asset_event_window ON asset_event (at, asset_id, from_state, to_state, key);
`;

export const repairTable = defineTable({
  name: 'repair',
  schema: repairSchema,
  key: (r) => r.id,
  columns: { status: { type: 'TEXT', of: (r) => r.status }, target_id: { type: 'TEXT', of: (r) => r.target.id } },
  digest: (r) => [r.id, r.target.kind, r.target.id, r.kind, r.reason, r.status, r.filedAt, r.filedBy, r.decidedAt, r.decidedBy, r.decisionNote, r.sentAt, r.backAt],
  maxRows: 1_000_000,
});

export const climateReadingTable = defineTable({
  name: 'climate_reading',
  schema: climateReadingSchema,
  key: (r) => `${r.siteId}/${r.at}`,
  columns: { site_id: { type: 'TEXT', of: (r) => r.siteId } },
  digest: (r) => [r.siteId, r.at, r.tempC, r.humidity],
  maxRows: 1_000_000,
});

/**
 * Drone batteries' days in the flight logs (schema.ts batteryDaySchema), keyed `<assetId>/<day>`.
 * Scale: the division's ~4,800 batteries flown on ~1 day in 3 is ~580,000 rows a year — not
 * pulled whole by the trend or the summary, only a battery's own days (by asset) and the
 * model's recent window (by day).
 */
export const batteryDayTable = defineTable({
  name: 'battery_day',
  schema: batteryDaySchema,
  key: (r) => `${r.assetId}/${r.day}`,
  columns: { asset_id: { type: 'TEXT', of: (r) => r.assetId }, day: { type: 'TEXT', of: (r) => r.day } },
  digest: (r) => [r.assetId, r.day, r.flights, r.counter],
  maxRows: 5_000_000,
});
