import { z } from 'zod';
import { applied, defineCommand, refuse, type ApplyCtx, type TableTx } from '../../commands/module';
import { acknowledge, ALERT_REFUSALS, closeAlert, escalate, raiseAlert, type Outcome } from '../alert-lifecycle';
import type { Signal } from '../alert-rules';
import { DEFAULT_DUTY_CONFIG } from '../defaults';
import { alertRecordSchema, type AlertRecord, type DutyConfig } from '../schema';
import { DUTY_CONFIG_KEY } from '../tables';

/**
 * What a console saw that is not on file yet (a vehicle's live arrival past the deadline,
 * its own link down): acting on it files it first, with the level's deadlines from then.
 */
export const signalSchema = alertRecordSchema.pick({ id: true, kind: true, level: true, subject: true, label: true, place: true }).extend({ since: z.number().finite().min(0) });

const alertId = z.string().min(1).max(200);

export function dutyConfigOf(tx: Pick<TableTx, 'get'>): DutyConfig {
  return tx.get('duty_config', DUTY_CONFIG_KEY)?.config ?? DEFAULT_DUTY_CONFIG;
}

/** The alert, or the console's signal filed now; then the officer's act on it, or its refusal. */
function act(tx: TableTx, p: { alertId: string; signal?: Signal }, ctx: ApplyCtx, fn: (a: AlertRecord, by: string) => Outcome) {
  const by = ctx.by ?? 'system';
  let a = tx.get('alert', p.alertId);
  if (!a) {
    if (!p.signal || p.signal.id !== p.alertId) return refuse('not_found', `no alert ${p.alertId}`);
    a = raiseAlert(p.signal, dutyConfigOf(tx), ctx.at, by, null);
  }
  const r = fn(a, by);
  if (!r.ok) return refuse(r.code, r.reason);
  // An act that changes nothing (acknowledged already) writes nothing: no change for the feed.
  if (r.alert !== a || !tx.get('alert', a.id)) tx.put('alert', r.alert);
  return applied;
}

const common = { domain: 'duty' as const, permission: 'alerts.write' as const, refusals: ALERT_REFUSALS, overlay: 'apply' as const };
const target = <P extends { alertId: string }>(p: P): string => `alert:${p.alertId}`;
const serverRow = <P extends { alertId: string }>(tx: TableTx, p: P) => tx.get('alert', p.alertId) ?? null;

/** An officer answers an alert (on every console and the wall: it is the central's record). */
export const alertAcknowledge = defineCommand({
  ...common,
  target,
  serverRow,
  type: 'alert.acknowledge',
  payload: z.strictObject({ alertId, signal: signalSchema.optional() }),
  apply: (tx, p, ctx) => act(tx, p, ctx, (a, by) => acknowledge(a, ctx.at, by)),
  describe: (p) => ({ key: 'alertAcknowledge', params: { alert: p.alertId } }),
});

/** Escalated to the supervisor on duty and/or named departments, with a note. */
export const alertEscalate = defineCommand({
  ...common,
  target,
  serverRow,
  type: 'alert.escalate',
  payload: z.strictObject({ alertId, to: z.array(z.string().trim().min(1).max(60)).min(1).max(30), note: z.string().max(500), signal: signalSchema.optional() }),
  apply: (tx, p, ctx) => act(tx, p, ctx, (a, by) => escalate(a, p.to, p.note, ctx.at, by)),
  describe: (p) => ({ key: 'alertEscalate', params: { alert: p.alertId, to: p.to.join('、') } }),
});

/** Closed with a note saying what was done (refused without one). */
export const alertClose = defineCommand({
  ...common,
  target,
  serverRow,
  type: 'alert.close',
  // The rule refuses a blank note with its own code; the schema only bounds it.
  payload: z.strictObject({ alertId, note: z.string().max(1000), signal: signalSchema.optional() }),
  apply: (tx, p, ctx) => act(tx, p, ctx, (a, by) => closeAlert(a, p.note, ctx.at, by)),
  describe: (p) => ({ key: 'alertClose', params: { alert: p.alertId, note: p.note } }),
});
