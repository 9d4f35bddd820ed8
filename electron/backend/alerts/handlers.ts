import { deriveAlerts } from '../../../shared/alerts';
import type { alertsMethods } from '../../../shared/alerts/api';
import type { Db } from '../store/database';
import type { Outbox } from '../store/outbox';
import type { ReplicaReader } from '../store/replica';
import { createBoardView } from '../store/view';
import type { HandlersOf } from '../board/handler-types';

const DAY_MS = 24 * 3600_000;

/** Alerts derived from requests and deadlines (red first), with this console's acknowledgements. */
export function createAlertsHandlers(d: {
  replica: ReplicaReader;
  outbox: Outbox;
  db: Db;
  onAlertAcknowledged: (alertId: string) => void;
  /** Live arrival predictions by dispatch order (dispatch/handlers.ts). */
  etaOf: (dispatchId: string) => number | undefined;
  now?: () => number;
}): HandlersOf<typeof alertsMethods> {
  const now = d.now ?? Date.now;
  const acks = d.db.prepare('SELECT alert_id, acknowledged_at FROM alert_ack');
  const ack = d.db.prepare('INSERT INTO alert_ack (alert_id, acknowledged_at) VALUES (?, ?) ON CONFLICT (alert_id) DO NOTHING');
  const ackOf = d.db.prepare('SELECT acknowledged_at FROM alert_ack WHERE alert_id = ?');
  return {
    'alert.list': () => {
      const view = createBoardView(d.replica, d.outbox.unreflected());
      const acknowledged = new Map((acks.all() as { alert_id: string; acknowledged_at: number }[]).map((r) => [r.alert_id, r.acknowledged_at]));
      return { alerts: deriveAlerts(now(), view.requests(now() - DAY_MS), view.dispatches(), d.etaOf).map((a) => ({ ...a, acknowledgedAt: acknowledged.get(a.id) ?? null })) };
    },
    'alert.acknowledge': (_ctx, { alertId }) => {
      ack.run(alertId, now());
      d.onAlertAcknowledged(alertId);
      return { acknowledgedAt: (ackOf.get(alertId) as { acknowledged_at: number }).acknowledged_at };
    },
  };
}
