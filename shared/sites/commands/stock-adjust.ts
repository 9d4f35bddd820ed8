import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';

/** Book stock in (+) or out (−) at a site. */
export const stockAdjust = defineCommand({
  type: 'stock.adjust',
  domain: 'sites',
  payload: z.strictObject({
    siteId: entityId,
    itemId: entityId,
    delta: z.number().int().min(-10_000_000).max(10_000_000),
    reason: z.string().max(200),
  }),
  permission: 'stock.write',
  target: (p) => `stock:${p.siteId}/${p.itemId}`,
  apply(tx, { siteId, itemId, delta }) {
    if (!tx.get('site', siteId)) return refuse('not_found', `no site ${siteId}`);
    if (!tx.get('item', itemId)) return refuse('not_found', `no item ${itemId}`);
    const cur = tx.get('stock', `${siteId}/${itemId}`) ?? { siteId, itemId, quantity: 0, safetyLevel: 0 };
    const next = cur.quantity + delta;
    if (next < 0) return refuse('insufficient_stock', `${siteId} holds ${cur.quantity} of ${itemId}; cannot take ${-delta}`);
    if (next > 10_000_000) return refuse('out_of_range', `quantity ${next} over the limit`);
    tx.put('stock', { siteId, itemId, quantity: next, safetyLevel: cur.safetyLevel });
    return applied;
  },
  refusals: ['not_found', 'insufficient_stock', 'out_of_range'],
  overlay: 'apply',
  describe: (p) => ({
    key: p.delta < 0 ? 'stockOut' : 'stockIn',
    params: { quantity: Math.abs(p.delta), item: { ref: 'item', id: p.itemId }, site: { ref: 'site', id: p.siteId }, reason: p.reason },
  }),
  /** The stock line as the site panel shows it. */
  serverRow(tx, p) {
    const item = tx.get('item', p.itemId);
    const s = tx.get('stock', `${p.siteId}/${p.itemId}`);
    return item && s ? { item, quantity: s.quantity, safetyLevel: s.safetyLevel } : null;
  },
});
