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

function queue(role: Role, shown = rows): string {
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
});
