import { describe, expect, it } from 'vitest';
import type { StockLine } from '../../shared/board-api';
import { isShort, orderStockLines } from './stock';

const line = (id: string, name: string, nameEn: string, quantity: number, safetyLevel: number): StockLine => ({
  item: { id, name, nameEn, unit: '件', unitEn: 'pcs', category: 'consumable' },
  quantity,
  safetyLevel,
});

describe('stock lines', () => {
  it('is short only below the safety level', () => {
    expect(isShort({ quantity: 9, safetyLevel: 10 })).toBe(true);
    expect(isShort({ quantity: 10, safetyLevel: 10 })).toBe(false);
  });

  it('lists short items first, then by name', () => {
    const lines = [line('a', '救生衣', 'Life jacket', 50, 10), line('b', 'N95口罩', 'N95 mask', 5, 100), line('c', '应急灯', 'Emergency light', 1, 2)];
    expect(orderStockLines(lines, 'en').map((l) => l.item.id)).toEqual(['c', 'b', 'a']);
    expect(orderStockLines(lines, 'zh-CN').map((l) => l.item.id).slice(2)).toEqual(['a']);
  });
});
