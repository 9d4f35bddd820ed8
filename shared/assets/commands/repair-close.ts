import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';
import { applyStep } from '../lifecycle';
import { recordEvent } from './repair-rules';

export const repairClosePayload = z.strictObject({ repairId: entityId, note: z.string().max(500) });

/**
 * A repair comes back: the request is done (its back-in-service time closes the repair
 * cycle) and the thing returns to service: a vehicle becomes available, an asset is stored
 * again at the site that sent it (the same as its step back_from_repair).
 */
export const repairClose = defineCommand({
  type: 'repair.close',
  domain: 'assets',
  payload: repairClosePayload,
  permission: 'assets.write',
  target: (p) => `repair:${p.repairId}`,
  apply(tx, p, ctx) {
    const r = tx.get('repair', p.repairId);
    if (!r) return refuse('not_found', `no repair ${p.repairId}`);
    if (r.status !== 'in_repair') return refuse('not_in_repair', `repair ${r.id} is ${r.status}: only one in repair comes back`);
    tx.put('repair', { ...r, status: 'done', backAt: ctx.at });
    if (r.target.kind === 'vehicle') {
      const v = tx.get('vehicle', r.target.id);
      if (!v) return refuse('not_found', `no vehicle ${r.target.id}`);
      if (v.status === 'maintenance') tx.put('vehicle', { ...v, status: 'available' });
      return applied;
    }
    const asset = tx.get('asset', r.target.id);
    if (!asset) return refuse('not_found', `no asset ${r.target.id}`);
    if (asset.state !== 'in_repair') return applied;
    const input = { step: 'back_from_repair' as const, siteId: asset.siteId };
    const next = applyStep(asset, input, ctx.at);
    tx.put('asset', next);
    recordEvent(tx, { assetId: asset.id, step: 'back_from_repair', at: ctx.at, by: ctx.by ?? 'system', from: asset.state, to: next.state, siteId: next.siteId, holder: null, note: p.note });
    return applied;
  },
  refusals: ['not_found', 'not_in_repair'],
  overlay: 'apply',
  describe: (p) => ({ key: 'repairClose', params: { repair: p.repairId } }),
  serverRow: (tx, p) => tx.get('repair', p.repairId) ?? null,
});
