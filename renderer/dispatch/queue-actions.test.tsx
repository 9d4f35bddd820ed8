/** The queue offers its actions only to a role that may dispatch; others see who may. */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/roles';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { markupText, renderAs } from '../ui/testing/render-as';
import { DispatchQueue } from './DispatchQueue';
import { buildQueue } from './queue';

const now = 10_000_000;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const req = (n: number, status: SupplyRequest['status']): SupplyRequest => ({
  id: id(n), destination: { lon: 11.97, lat: 57.7, label: `R${n}` }, items: [{ itemId: 'life-jacket', quantity: 10 }], priority: 'yellow', requester: '', note: '',
  createdAt: now - 60_000, deadlineAt: now + 20 * 60_000, status, deliveredAt: null,
});
const enroute: DispatchOrder = {
  id: id(101), requestId: id(2), vehicleId: 'veh-1', pickups: [{ siteId: 'qp-01', itemId: 'life-jacket', quantity: 10 }], siteIds: ['qp-01'],
  predictedArrivalAt: now + 600_000, status: 'enroute', createdAt: now - 30_000, pickedUpAt: null, deliveredAt: null,
};
const rows = buildQueue([req(1, 'open'), req(2, 'dispatched')], [enroute], new Map(), now);

function queue(role: Role, shown = rows, decide: { mayDecide?: ReadonlySet<string>; mayEscalate?: boolean } = {}): string {
  return renderAs(
    role,
    <DispatchQueue
      client={{} as BoardClient}
      rows={shown}
      etas={new Map()}
      vehiclesById={new Map()}
      itemName={(x) => x}
      placeName={(x) => x}
      pending={new Map()}
      selectedId={null}
      onSelect={() => {}}
      onDispatch={() => {}}
      onCancelRequest={() => {}}
      onCancelDispatch={() => {}}
      onRefuseDispatch={() => {}}
      onEscalate={() => {}}
      mayDecide={decide.mayDecide ?? new Set()}
      mayEscalate={decide.mayEscalate ?? false}
      onError={() => {}}
      collapsed={false}
      onToggleCollapsed={() => {}}
      now={now}
    />,
  );
}
const buttons = (html: string) => [...html.matchAll(/<button[^>]*data-testid="(request-dispatch|confirm-pickup|confirm-delivery|dispatch-cancel|request-cancel)"[^>]*>/g)].map((m) => m[0]);

describe('dispatch queue actions by role', () => {
  it('are there for the duty officer and the supervisor', () => {
    for (const role of ['duty', 'supervisor'] as const) {
      const b = buttons(queue(role));
      expect(b.length, role).toBeGreaterThanOrEqual(5);
      expect(b.filter((x) => x.includes('disabled=""')), role).toEqual([]);
    }
  });

  it('are disabled for the wall and the administrator, saying who may', () => {
    for (const role of ['wall', 'admin'] as const) {
      const b = buttons(queue(role));
      expect(b.length, role).toBeGreaterThanOrEqual(5);
      for (const x of b) {
        expect(x, role).toContain('disabled=""');
        expect(x, role).toContain('title="仅值班员、值班领导可操作"');
      }
    }
  });

  it('does not tell a role that may not dispatch to press N', () => {
    expect(markupText(queue('duty', []))).toContain('按 N 新建');
    expect(markupText(queue('wall', []))).not.toContain('按 N');
  });

  describe('an order awaiting approval', () => {
    const waiting: DispatchOrder = {
      ...enroute, id: id(103), requestId: id(3), status: 'awaiting_approval', predictedArrivalAt: now + 10 * 60_000,
      approval: { level: 'city', unitId: 'unit-gbg', reasons: ['cross_county', 'in_county_late'], requestedAt: now - 4 * 60_000, requestedBy: 'centrum.duty', decision: null, decidedAt: null, decidedBy: null, note: '' },
    };
    const escalated = { ...req(3, 'open'), escalation: { at: now - 5 * 60_000, by: 'centrum.duty', reason: 'no_plan_in_time' as const, note: '' } };
    const shown = buildQueue([escalated, req(4, 'open')], [waiting], new Map(), now);
    const approvals = (html: string) => [...html.matchAll(/<button[^>]*data-testid="(dispatch-approve|dispatch-refuse)"[^>]*>/g)].map((m) => m[0]);

    it('shows everyone who must decide, why, how long it has waited, and what the wait does to the deadline', () => {
      const html = queue('duty', shown);
      const text = markupText(html);
      expect(text).toContain('待市局审批 · 跨区调拨、区内无按时方案');
      expect(text).toContain('已等 04:00');
      expect(text).toContain('已上报市局 · 区内无按时方案');
      expect(html).toContain('data-testid="queue-awaiting" data-count="1"');
      // Planned to arrive 10 minutes from when it was planned, 4 minutes ago: as if approved now, 14 minutes from now.
      expect(shown[0]!.countdown!.expectedAt).toBe(now + 14 * 60_000);
      // No second plan while one waits, and nothing for a duty officer to decide.
      expect(html.match(/data-testid="request-dispatch"/g)).toHaveLength(1);
      expect(approvals(html)).toEqual([]);
    });

    it('offers approve and refuse to the supervisor who may decide it, and to nobody else', () => {
      expect(approvals(queue('supervisor', shown, { mayDecide: new Set([waiting.id]) }))).toHaveLength(2);
      expect(approvals(queue('supervisor', shown, { mayDecide: new Set([waiting.id]) })).filter((x) => x.includes('disabled=""'))).toEqual([]);
      // A supervisor of another county (the backend does not list it as theirs): nothing.
      expect(approvals(queue('supervisor', shown))).toEqual([]);
    });

    it('offers passing a request up only below the city, only for an open request not yet passed up', () => {
      expect(queue('duty', shown, { mayEscalate: true }).match(/data-testid="request-escalate"/g)).toHaveLength(1);
      expect(queue('duty', shown, { mayEscalate: false })).not.toContain('data-testid="request-escalate"');
    });
  });
});
