import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';
import { applyFlights, localDay } from '../flight-days';
import { calendarDay, MAX_CYCLES_PER_DAY } from '../schema';
import { CYCLE_READINGS_PER_COMMAND, droneBattery } from './asset-cycles';

/**
 * The latest a log's day may be: the central's present in the zone furthest ahead of UTC (+14 h),
 * so a board anywhere is never refused its own today, and a day still to come always is.
 */
const LATEST_ZONE_MINUTES = 14 * 60;

export const assetFlightsPayload = z.strictObject({
  assetId: entityId,
  /** The flights the battery flew each day (one flight, one charge cycle), days in order, each once. */
  days: z
    .array(z.strictObject({ day: calendarDay, flights: z.number().int().min(0).max(MAX_CYCLES_PER_DAY) }))
    .min(1)
    .max(CYCLE_READINGS_PER_COMMAND)
    .superRefine((ds, c) => {
      for (let i = 1; i < ds.length; i++) if (ds[i]!.day <= ds[i - 1]!.day) return void c.addIssue({ code: 'custom', message: `days out of order or twice at ${i}` });
    }),
  /** The file they came from: the queue, the conflict panel and the audit log name it. */
  source: z.string().max(200),
});

/**
 * A drone battery's flights a day from an imported flight log (飞行日志 of sorties, not of the
 * battery's counter; renderer/assets/flight-log-file.ts). Each day is kept once, at the highest
 * count told, and the battery's count rises by what is new (shared/assets/flight-days.ts: the same
 * log twice, or two overlapping exports, count a day once; a day on or before the battery's latest
 * counter reading is in that reading). Refused whole: an asset the central does not know, one that
 * is not a drone battery, a day still to come.
 */
export const assetFlights = defineCommand({
  type: 'asset.flights',
  domain: 'assets',
  payload: assetFlightsPayload,
  permission: 'assets.write',
  target: (p) => `asset:${p.assetId}`,
  apply(tx, p, ctx) {
    const asset = droneBattery(tx, p.assetId);
    if (!('id' in asset)) return asset;
    const latest = localDay(ctx.at, LATEST_ZONE_MINUTES);
    const late = p.days.find((d) => d.day > latest);
    if (late) return refuse('future_reading', `${late.day} is still to come`);
    const r = applyFlights(tx.where('battery_day', 'asset_id', asset.id), asset.id, p.days, asset.cycles);
    for (const row of r.put) tx.put('battery_day', row);
    if (r.count !== asset.cycles) tx.put('asset', { ...asset, cycles: r.count });
    return applied;
  },
  refusals: ['not_found', 'not_a_battery', 'future_reading'],
  overlay: 'apply',
  describe: (p) => ({ key: 'assetFlights', params: { asset: p.assetId, flights: p.days.reduce((n, d) => n + d.flights, 0), days: p.days.length, source: p.source } }),
  serverRow: (tx, p) => tx.get('asset', p.assetId) ?? null,
});
