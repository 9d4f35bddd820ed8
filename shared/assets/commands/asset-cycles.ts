import { z } from 'zod';
import { applied, defineCommand, refuse, type ApplyResult, type TableTx } from '../../commands/module';
import { entityId, epochMs } from '../../schema-parts';
import { applyCounter } from '../flight-days';
import { calendarDay, type Asset } from '../schema';

/** Readings one command carries (one battery's, in time order). */
export const CYCLE_READINGS_PER_COMMAND = 500;
/** A reading stamped this far past the central's clock is a wrong clock or a wrong column, not a reading. */
export const CYCLES_FUTURE_SLACK_MS = 10 * 60_000;

export const assetCyclesPayload = z.strictObject({
  assetId: entityId,
  /** The battery's own cycle counter as a flight log recorded it, in time order. */
  readings: z
    .array(z.strictObject({ at: epochMs, cycles: z.number().int().min(0).max(100_000) }))
    .min(1)
    .max(CYCLE_READINGS_PER_COMMAND)
    .superRefine((rs, c) => {
      for (let i = 1; i < rs.length; i++) {
        if (rs[i]!.at <= rs[i - 1]!.at) return void c.addIssue({ code: 'custom', message: `readings out of time order at ${i}` });
        if (rs[i]!.cycles < rs[i - 1]!.cycles) return void c.addIssue({ code: 'custom', message: `the count goes down at ${i}` });
      }
    }),
  /**
   * The calendar day of the last reading, in the division's time (the board's reading of the
   * file): the counter is kept on that day, and flights a day told for it and before it are in
   * it (flight-days.ts). Absent on commands queued before days were kept: the count alone.
   */
  day: calendarDay.optional(),
  /** The file they came from: the queue, the conflict panel and the audit log name it. */
  source: z.string().max(200),
});

/** The drone battery a flight log names, or the refusal: not one the central knows, or not a drone battery (no cycle count). */
export function droneBattery(tx: TableTx, assetId: string): Asset | ApplyResult {
  const asset = tx.get('asset', assetId);
  if (!asset) return refuse('not_found', `no asset ${assetId}`);
  const type = tx.get('asset_type', asset.typeId);
  if (type?.class !== 'drone_battery') return refuse('not_a_battery', `${asset.qr} is ${type ? type.name : 'of an unknown type'}, not a drone battery: it has no cycle count`);
  return asset;
}

/**
 * A drone battery's charge-cycle count from an imported flight log (飞行日志: the battery's own
 * cycle counter by date; shared/assets/import-files.ts parseFlightLog, renderer/assets/flight-log-file.ts).
 * The battery model reads it (battery.ts: cycle fade against the maker's rated cycles) — the
 * count the division's old model left out, when 7.8% of its batteries aged past the red line.
 * A counter only rises, so the asset keeps the highest count it has been told: the same file
 * imported twice, or an older log after a newer one, changes nothing. With the last reading's day
 * the counter is also kept on that day, under the flights a day told for later days
 * (shared/assets/flight-days.ts applyCounter). Refused whole: an asset
 * the central does not know, one that is not a drone battery, a reading from the future.
 */
export const assetCycles = defineCommand({
  type: 'asset.cycles',
  domain: 'assets',
  payload: assetCyclesPayload,
  permission: 'assets.write',
  target: (p) => `asset:${p.assetId}`,
  apply(tx, p, ctx) {
    const asset = droneBattery(tx, p.assetId);
    if (!('id' in asset)) return asset;
    const late = p.readings.find((r) => r.at > ctx.at + CYCLES_FUTURE_SLACK_MS);
    if (late) return refuse('future_reading', `a reading at ${new Date(late.at).toISOString()} is in the future`);
    const highest = p.readings[p.readings.length - 1]!.cycles;
    let count = Math.max(asset.cycles ?? 0, highest);
    if (p.day !== undefined) {
      const r = applyCounter(tx.where('battery_day', 'asset_id', asset.id), asset.id, { day: p.day, cycles: highest }, asset.cycles);
      if (r.put) tx.put('battery_day', r.put);
      count = r.count;
    }
    if (count !== asset.cycles) tx.put('asset', { ...asset, cycles: count });
    return applied;
  },
  refusals: ['not_found', 'not_a_battery', 'future_reading'],
  overlay: 'apply',
  describe: (p) => ({ key: 'assetCycles', params: { asset: p.assetId, cycles: p.readings[p.readings.length - 1]!.cycles, source: p.source } }),
  serverRow: (tx, p) => tx.get('asset', p.assetId) ?? null,
});
