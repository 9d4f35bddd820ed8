/** Booking stock is offered to the roles that may; the others see who may instead of a form. */
import { describe, expect, it } from 'vitest';
import type { StockLine } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { markupText, renderAs } from '../ui/testing/render-as';
import { StockAdjustForm } from './StockAdjustForm';

const lines: StockLine[] = [{ item: { id: 'life-jacket', name: '救生衣', nameEn: 'Life jacket', unit: '件', unitEn: 'pcs', category: 'equipment' }, quantity: 40, safetyLevel: 10 }];
const form = (role: 'duty' | 'supervisor' | 'wall' | 'admin') => renderAs(role, <StockAdjustForm client={{} as BoardClient} siteId="qp-03" lines={lines} pending={new Map()} />);

describe('stock booking by role', () => {
  it('is a form for the duty officer and the supervisor', () => {
    for (const role of ['duty', 'supervisor'] as const) expect(form(role)).toContain('data-testid="stock-adjust-submit"');
  });

  it('is who may, for the wall and the administrator', () => {
    for (const role of ['wall', 'admin'] as const) {
      const html = form(role);
      expect(html).not.toContain('stock-adjust-submit');
      expect(markupText(html)).toContain('仅值班员、值班领导可操作');
    }
  });
});
