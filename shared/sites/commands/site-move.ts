import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId, lat, lon } from '../../schema-parts';
import { sitePositionRefusal, SITE_POSITION_REFUSALS } from './site-position';

/**
 * Move a depot, quick-pick point or police station to where it really is (master data: an
 * administrator's job). Plans, coverage and the simulator's vehicles follow the new place.
 */
export const siteMove = defineCommand({
  type: 'site.move',
  domain: 'sites',
  payload: z.strictObject({ siteId: entityId, lon, lat }),
  permission: 'sites.admin',
  target: (p) => `site:${p.siteId}`,
  apply(tx, { siteId, lon, lat }, ctx) {
    const site = tx.get('site', siteId);
    if (!site) return refuse('not_found', `no site ${siteId}`);
    const wrong = sitePositionRefusal(lon, lat, ctx);
    if (wrong) return wrong;
    tx.put('site', { ...site, lon, lat });
    return applied;
  },
  refusals: ['not_found', ...SITE_POSITION_REFUSALS],
  overlay: 'apply',
  describe: (p) => ({ key: 'siteMove', params: { site: { ref: 'site', id: p.siteId }, lon: p.lon.toFixed(5), lat: p.lat.toFixed(5) } }),
  serverRow: (tx, p) => tx.get('site', p.siteId) ?? null,
});
