import { applied, defineCommand, refuse } from '../../commands/module';
import { z } from 'zod';
import { supplyRequestSchema } from '../schema';
import { checkDestination } from '../../scope/tree';

/** Record a supply request. */
export const requestCreate = defineCommand({
  type: 'request.create',
  domain: 'dispatch',
  payload: z.strictObject({ request: supplyRequestSchema.omit({ status: true, deliveredAt: true, escalation: true }) }),
  permission: 'dispatch.write',
  target: (p) => `request:${p.request.id}`,
  apply(tx, { request }, ctx) {
    if (tx.get('request', request.id)) return refuse('duplicate', `request ${request.id} exists`);
    // Someone's to plan it: its destination lies in a county of the command (the request becomes that unit's).
    if (ctx.units) {
      const where = checkDestination(ctx.units, request.destination.lon, request.destination.lat);
      if (!where.ok) return refuse(where.code, where.message);
    }
    tx.put('request', { ...request, status: 'open', deliveredAt: null });
    return applied;
  },
  refusals: ['duplicate', 'outside_every_unit', 'outside_every_county'],
  overlay: 'apply',
  describe: ({ request: r }) => ({ key: 'request', params: { destination: r.destination.label, items: { loads: r.items } } }),
  serverRow: (tx, p) => tx.get('request', p.request.id) ?? null,
});
