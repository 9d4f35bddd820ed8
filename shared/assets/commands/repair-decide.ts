import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';

export const repairDecidePayload = z.strictObject({
  repairId: entityId,
  approve: z.boolean(),
  /** Why: required, approval or not (the repair's record and the audit carry it). */
  note: z.string().trim().min(1).max(500),
});

/** Vehicle statuses in which it is out on a job: it must come back before it goes to the workshop. */
const OUT = ['enroute', 'atscene'];

/**
 * A supervisor (值班领导) approves or rejects a filed request, with a note. An approved
 * asset request waits for its step (asset.step send_to_repair / scrap). An approved
 * vehicle repair sends the vehicle to the workshop at once: its status becomes
 * maintenance (refused while it is out on a job); an approved vehicle scrapping takes it
 * off the fleet (offline). A rejection frees the asset for another request.
 */
export const repairDecide = defineCommand({
  type: 'repair.decide',
  domain: 'assets',
  payload: repairDecidePayload,
  permission: 'repairs.approve',
  target: (p) => `repair:${p.repairId}`,
  apply(tx, p, ctx) {
    const r = tx.get('repair', p.repairId);
    if (!r) return refuse('not_found', `no repair ${p.repairId}`);
    if (r.status !== 'filed') return refuse('repair_decided', `repair ${r.id} is ${r.status}: only a filed request is decided`);
    const decided = { ...r, status: p.approve ? ('approved' as const) : ('rejected' as const), decidedAt: ctx.at, decidedBy: ctx.by ?? 'system', decisionNote: p.note };
    if (r.target.kind === 'asset') {
      const asset = tx.get('asset', r.target.id);
      if (asset && !p.approve && asset.pendingRequestId === r.id) tx.put('asset', { ...asset, pendingRequestId: null });
      tx.put('repair', decided);
      return applied;
    }
    const v = tx.get('vehicle', r.target.id);
    if (!v) return refuse('not_found', `no vehicle ${r.target.id}`);
    if (!p.approve) {
      tx.put('repair', decided);
      return applied;
    }
    if (OUT.includes(v.status)) return refuse('vehicle_busy', `${v.plate} is ${v.status}: it must come back before it goes to the workshop`);
    if (r.kind === 'repair') {
      tx.put('repair', { ...decided, status: 'in_repair', sentAt: ctx.at });
      tx.put('vehicle', { ...v, status: 'maintenance' });
    } else {
      tx.put('repair', { ...decided, status: 'done', sentAt: ctx.at, backAt: ctx.at });
      tx.put('vehicle', { ...v, status: 'offline' });
    }
    return applied;
  },
  refusals: ['not_found', 'repair_decided', 'vehicle_busy'],
  overlay: 'apply',
  describe: (p) => ({ key: p.approve ? 'repairApprove' : 'repairReject', params: { repair: p.repairId, note: p.note } }),
  serverRow: (tx, p) => tx.get('repair', p.repairId) ?? null,
});
