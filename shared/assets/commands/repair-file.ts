import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';
import { repairSchema } from '../schema';
import { openRepairsOf } from './repair-rules';

export const repairFilePayload = z.strictObject({
  /** Chosen by the board (a new id), so the request can be decided while still queued. */
  repairId: entityId,
  target: repairSchema.shape.target,
  kind: z.enum(['repair', 'scrap']),
  reason: z.string().trim().min(1).max(500),
});

/**
 * An officer files a repair or scrapping request (维修 / 报废) for an asset or a vehicle;
 * a supervisor decides it (repair.decide). One open request per thing: a second one for
 * the same asset or vehicle is refused while the first is in play. A scrapped asset takes
 * none, and neither does one already in repair (asking to scrap it is allowed).
 */
export const repairFile = defineCommand({
  type: 'repair.file',
  domain: 'assets',
  payload: repairFilePayload,
  permission: 'assets.write',
  target: (p) => `repair:${p.repairId}`,
  apply(tx, p, ctx) {
    if (tx.get('repair', p.repairId)) return refuse('duplicate', `repair ${p.repairId} exists`);
    if (p.target.kind === 'asset') {
      const asset = tx.get('asset', p.target.id);
      if (!asset) return refuse('not_found', `no asset ${p.target.id}`);
      if (asset.state === 'scrapped') return refuse('illegal_step', `${asset.id} is scrapped`);
      if (p.kind === 'repair' && asset.state === 'in_repair') return refuse('illegal_step', `${asset.id} is in repair already`);
    } else if (!tx.get('vehicle', p.target.id)) return refuse('not_found', `no vehicle ${p.target.id}`);
    const open = openRepairsOf(tx, p.target.id).filter((r) => r.status !== 'in_repair' || p.kind === 'repair');
    if (open.length > 0) return refuse('repair_open', `${p.target.id} has an open request (${open[0]!.id})`);
    tx.put('repair', {
      id: p.repairId, target: p.target, kind: p.kind, reason: p.reason, status: 'filed', filedAt: ctx.at, filedBy: ctx.by ?? 'system',
      decidedAt: null, decidedBy: null, decisionNote: '', sentAt: null, backAt: null,
    });
    if (p.target.kind === 'asset') {
      const asset = tx.get('asset', p.target.id)!;
      tx.put('asset', { ...asset, pendingRequestId: p.repairId });
    }
    return applied;
  },
  refusals: ['duplicate', 'not_found', 'illegal_step', 'repair_open'],
  overlay: 'apply',
  describe: (p) => ({
    key: p.kind === 'scrap' ? 'repairFileScrap' : 'repairFile',
    params: { target: p.target.kind === 'vehicle' ? { ref: 'vehicle', id: p.target.id } : p.target.id, reason: p.reason },
  }),
  serverRow: (tx, p) => tx.get('repair', p.repairId) ?? null,
});
