import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';
import { applyStep, refuseStep } from '../lifecycle';
import { LIFECYCLE_STEPS } from '../schema';
import { openRepairsOf, recordEvent } from './repair-rules';

export const assetStepPayload = z.strictObject({
  assetId: entityId,
  step: z.enum(LIFECYCLE_STEPS),
  /** The site it goes to (store, return, back_from_repair, transfer, found). */
  siteId: entityId.optional(),
  /** The officer or dispatch it goes out with (issue). */
  holder: z.string().min(1).max(64).optional(),
  note: z.string().max(500),
});

/**
 * One step of an asset's life (accept, store, issue, return, send to repair, back, transfer,
 * missing, found, scrap), by the lifecycle's state machine (lifecycle.ts): an illegal step
 * is refused with its code and reason. Sending to repair and scrapping need a supervisor's
 * approved request for this asset (repair.decide); the step uses it up (the request goes
 * in repair, or is done for a scrapping). Back from repair closes the repair. Each step
 * enters the asset's timeline with the officer who recorded it.
 */
export const assetStep = defineCommand({
  type: 'asset.step',
  domain: 'assets',
  payload: assetStepPayload,
  permission: 'assets.write',
  target: (p) => `asset:${p.assetId}`,
  apply(tx, p, ctx) {
    const asset = tx.get('asset', p.assetId);
    if (!asset) return refuse('not_found', `no asset ${p.assetId}`);
    if (p.siteId !== undefined && !tx.get('site', p.siteId)) return refuse('unknown_site', `no site ${p.siteId}`);
    const wants = p.step === 'send_to_repair' ? 'repair' : p.step === 'scrap' ? 'scrap' : null;
    const approval = wants ? openRepairsOf(tx, asset.id).find((r) => r.target.kind === 'asset' && r.kind === wants && r.status === 'approved') : undefined;
    const input = { step: p.step, siteId: p.siteId ?? null, holder: p.holder ?? null, approved: approval !== undefined };
    const no = refuseStep(asset, input);
    if (no) return refuse(no.code, no.reason);
    const next = applyStep(asset, input, ctx.at);
    tx.put('asset', next);
    if (approval) tx.put('repair', { ...approval, status: wants === 'scrap' ? 'done' : 'in_repair', sentAt: ctx.at, ...(wants === 'scrap' ? { backAt: ctx.at } : {}) });
    // Back from repair closes the repair; scrapped in repair, the repair ends there (cancelled).
    if (p.step === 'back_from_repair' || p.step === 'scrap') {
      for (const r of openRepairsOf(tx, asset.id)) {
        if (r.status === 'in_repair') tx.put('repair', p.step === 'scrap' ? { ...r, status: 'cancelled' } : { ...r, status: 'done', backAt: ctx.at });
      }
    }
    recordEvent(tx, { assetId: asset.id, step: p.step, at: ctx.at, by: ctx.by ?? 'system', from: asset.state, to: next.state, siteId: next.siteId, holder: next.holder, note: p.note });
    return applied;
  },
  refusals: ['not_found', 'unknown_site', 'illegal_step', 'needs_site', 'needs_holder', 'same_site', 'needs_approval'],
  overlay: 'apply',
  /** A text per step: 'assetIssue', 'assetSendToRepair', … */
  describe: (p) => ({
    key: `asset${p.step.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase())}`,
    params: { asset: p.assetId, site: p.siteId ? { ref: 'site', id: p.siteId } : '—', holder: p.holder ?? '—', note: p.note },
  }),
  serverRow: (tx, p) => tx.get('asset', p.assetId) ?? null,
});
