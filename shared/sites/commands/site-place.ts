import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { siteSchema } from '../schema';
import { sitePositionRefusal, SITE_POSITION_REFUSALS } from './site-position';

/**
 * Put a new site on the map: a depot (central or regional), a quick-pick point or a police
 * station, under an id nobody has taken. It starts with no stock; stock is booked in.
 */
export const sitePlacePayload = z.strictObject({
  siteId: siteSchema.shape.id,
  kind: siteSchema.shape.kind,
  name: siteSchema.shape.name,
  nameEn: siteSchema.shape.nameEn,
  address: siteSchema.shape.address,
  lon: siteSchema.shape.lon,
  lat: siteSchema.shape.lat,
});

export const sitePlace = defineCommand({
  type: 'site.place',
  domain: 'sites',
  payload: sitePlacePayload,
  permission: 'sites.admin',
  target: (p) => `site:${p.siteId}`,
  apply(tx, { siteId, kind, name, nameEn, address, lon, lat }, ctx) {
    if (tx.get('site', siteId)) return refuse('duplicate', `site id ${siteId} is taken`);
    const wrong = sitePositionRefusal(lon, lat, ctx);
    if (wrong) return wrong;
    tx.put('site', { id: siteId, kind, name, nameEn, address, lon, lat });
    return applied;
  },
  refusals: ['duplicate', ...SITE_POSITION_REFUSALS],
  overlay: 'apply',
  describe: (p) => ({ key: 'sitePlace', params: { name: p.name, kind: p.kind, lon: p.lon.toFixed(5), lat: p.lat.toFixed(5) } }),
  serverRow: (tx, p) => tx.get('site', p.siteId) ?? null,
});
