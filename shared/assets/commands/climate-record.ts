import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';
import { climateReadingSchema } from '../schema';

/** Readings one command carries (a site's, in time order): ~25 KB, well inside a push batch. */
export const CLIMATE_READINGS_PER_COMMAND = 500;
/** A reading stamped this far past the central's clock is a wrong clock or a wrong column, not a reading. */
export const CLIMATE_FUTURE_SLACK_MS = 10 * 60_000;

export const climateRecordPayload = z.strictObject({
  siteId: entityId,
  readings: z
    .array(climateReadingSchema.omit({ siteId: true }))
    .min(1)
    .max(CLIMATE_READINGS_PER_COMMAND)
    .superRefine((rs, c) => {
      const seen = new Set<number>();
      for (const r of rs) {
        if (seen.has(r.at)) return void c.addIssue({ code: 'custom', message: `two readings at ${r.at}` });
        seen.add(r.at);
      }
    }),
  /** The file they came from: the queue, the conflict panel and the audit log name it. */
  source: z.string().max(200),
});

/**
 * A site's storage readings (库房温湿度: temperature and humidity by time) from an imported
 * file (shared/assets/import-files.ts parseClimateReadings; renderer/assets/climate-file.ts).
 * The battery model reads them (battery.ts: heat and damp age a stored battery). A reading is
 * keyed by site and time, so the same file imported twice writes the same rows again, never
 * twice. Refused whole: a site the central does not know, a reading from the future.
 */
export const climateRecord = defineCommand({
  type: 'climate.record',
  domain: 'assets',
  payload: climateRecordPayload,
  permission: 'assets.write',
  target: (p) => `climate:${p.siteId}`,
  apply(tx, p, ctx) {
    if (!tx.get('site', p.siteId)) return refuse('unknown_site', `no site ${p.siteId}`);
    const late = p.readings.find((r) => r.at > ctx.at + CLIMATE_FUTURE_SLACK_MS);
    if (late) return refuse('future_reading', `a reading at ${new Date(late.at).toISOString()} is in the future`);
    for (const r of p.readings) tx.put('climate_reading', { siteId: p.siteId, ...r });
    return applied;
  },
  refusals: ['unknown_site', 'future_reading'],
  overlay: 'apply',
  describe: (p) => ({ key: 'climateRecord', params: { site: { ref: 'site', id: p.siteId }, n: p.readings.length, source: p.source } }),
  serverRow: (tx, p) => tx.get('climate_reading', `${p.siteId}/${p.readings[0]!.at}`) ?? null,
});
