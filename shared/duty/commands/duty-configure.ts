import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { checkDutyConfig } from '../config-check';
import { dutyConfigSchema } from '../schema';
import { DUTY_CONFIG_KEY } from '../tables';

/**
 * The duty settings, whole (rules and thresholds, time limits, request classes, shifts and
 * teams): refused, with the first problem, when shifts leave gaps or overlap, a time limit
 * is not positive, or a time zone is unknown; the settings in force stay as they were.
 */
export const dutyConfigure = defineCommand({
  type: 'duty.configure',
  domain: 'duty',
  payload: z.strictObject({ config: dutyConfigSchema }),
  permission: 'duty.settings',
  target: () => 'duty:settings',
  apply(tx, p, ctx) {
    const c = checkDutyConfig(p.config);
    if (!c.ok) return refuse('bad_settings', c.problems.map((x) => `${x.path}: ${x.message}`).join('; '));
    tx.put('duty_config', { id: DUTY_CONFIG_KEY, config: c.config, changedAt: ctx.at, changedBy: ctx.by ?? 'system' });
    return applied;
  },
  refusals: ['bad_settings'],
  overlay: 'apply',
  describe: () => ({ key: 'dutyConfigure', params: {} }),
  serverRow: (tx) => tx.get('duty_config', DUTY_CONFIG_KEY) ?? null,
});
