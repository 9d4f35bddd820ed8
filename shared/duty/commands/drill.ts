import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { drillSchema } from '../schema';

/**
 * A link-failure drill (断网演练, the annual report's N+1 drill): a supervisor starts it on a
 * console, which cuts its own link to the central and works offline; finishing restores the
 * link, lets the queue drain and the cache be reconciled, and records the outcome. The start
 * is itself queued while the link is cut: the record reaches the central with the queue.
 */
export const drillStart = defineCommand({
  type: 'drill.start',
  domain: 'duty',
  payload: z.strictObject({ drill: drillSchema.pick({ id: true, startedAt: true, workstation: true, note: true }) }),
  permission: 'drills.run',
  target: (p) => `drill:${p.drill.id}`,
  apply(tx, { drill }, ctx) {
    if (tx.get('drill', drill.id)) return refuse('duplicate', `drill ${drill.id} exists`);
    tx.put('drill', { ...drill, startedBy: ctx.by ?? 'system', endedAt: null, queued: null, result: 'running' });
    return applied;
  },
  refusals: ['duplicate'],
  overlay: 'apply',
  describe: (p) => ({ key: 'drillStart', params: { note: p.drill.note } }),
  serverRow: (tx, p) => tx.get('drill', p.drill.id) ?? null,
});

export const drillFinish = defineCommand({
  type: 'drill.finish',
  domain: 'duty',
  payload: z.strictObject({
    drillId: drillSchema.shape.id,
    endedAt: z.number().finite().min(0),
    queued: z.number().int().min(0).max(1_000_000),
    result: z.enum(['reconciled', 'conflicts', 'aborted']),
  }),
  permission: 'drills.run',
  target: (p) => `drill:${p.drillId}`,
  apply(tx, p) {
    const d = tx.get('drill', p.drillId);
    if (!d) return refuse('not_found', `no drill ${p.drillId}`);
    if (d.result !== 'running') return refuse('drill_finished', `drill ${d.id} ended at ${d.endedAt === null ? '?' : new Date(d.endedAt).toISOString()}`);
    if (p.endedAt < d.startedAt) return refuse('drill_finished', `drill ${d.id} cannot end before it started`);
    tx.put('drill', { ...d, endedAt: p.endedAt, queued: p.queued, result: p.result });
    return applied;
  },
  refusals: ['not_found', 'drill_finished'],
  overlay: 'apply',
  describe: (p) => ({ key: 'drillFinish', params: { result: p.result, queued: p.queued } }),
  serverRow: (tx, p) => tx.get('drill', p.drillId) ?? null,
});
