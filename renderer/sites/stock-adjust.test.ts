import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { MAX_BOOKING, MAX_QUANTITY, parseSignedQuantity, validateStockAdjust, type StockAdjustError } from './stock-adjust';

describe('parseSignedQuantity', () => {
  it.each([
    ['5', 5],
    ['+20', 20],
    ['-5', -5],
    [' -5 ', -5],
    ['−5', -5], // typographic minus
    ['－５', -5], // full-width from a Chinese IME
    ['＋２０', 20],
    ['1,200', 1200],
    ['-1 200', -1200],
    ['0', 0],
    ['-0', 0],
  ])('reads %j as %d', (text, value) => {
    expect(parseSignedQuantity(text)).toBe(value);
  });

  it.each(['', '1.5', '-2.0', '1e3', 'abc', '5件', '--5', '+-5', '0x10', '9999999999999'])('refuses %j', (text) => {
    expect(parseSignedQuantity(text)).toBeNull();
  });
});

describe('validateStockAdjust', () => {
  const ok = { itemId: 'life-jacket', delta: '-5', reason: '防汛调拨' };
  const error = (input: Partial<typeof ok>, shown: number | null = 40) => {
    const r = validateStockAdjust({ ...ok, ...input }, shown);
    return r.ok ? null : r.error;
  };

  it('accepts a booking out within what is shown, and a booking in', () => {
    expect(validateStockAdjust(ok, 40)).toEqual({ ok: true, itemId: 'life-jacket', delta: -5, reason: '防汛调拨' });
    expect(validateStockAdjust({ ...ok, delta: '-40' }, 40)).toMatchObject({ ok: true, delta: -40 });
    expect(validateStockAdjust({ ...ok, delta: '+120', reason: '  采购入库 ' }, 40)).toEqual({ ok: true, itemId: 'life-jacket', delta: 120, reason: '采购入库' });
  });

  it.each<[Partial<typeof ok>, number | null, StockAdjustError]>([
    [{ itemId: '' }, 40, { key: 'noItem' }],
    [{ delta: '  ' }, 40, { key: 'empty' }],
    [{ delta: '2.5' }, 40, { key: 'notInteger' }],
    [{ delta: 'five' }, 40, { key: 'notInteger' }],
    [{ delta: '0' }, 40, { key: 'zero' }],
    [{ delta: '+0' }, 40, { key: 'zero' }],
    [{ delta: String(MAX_BOOKING + 1) }, 40, { key: 'tooLarge', max: MAX_BOOKING }],
    [{ delta: `-${MAX_BOOKING + 1}` }, 10_000_000, { key: 'tooLarge', max: MAX_BOOKING }],
    [{ delta: '-41' }, 40, { key: 'moreThanShown', shown: 40 }],
    [{ delta: '-1' }, 0, { key: 'moreThanShown', shown: 0 }],
    [{ delta: '-1' }, null, { key: 'moreThanShown', shown: 0 }],
    [{ delta: '+10' }, MAX_QUANTITY - 5, { key: 'overCapacity', max: MAX_QUANTITY }],
    [{ reason: '   ' }, 40, { key: 'noReason' }],
    [{ reason: '因'.repeat(201) }, 40, { key: 'reasonTooLong', max: 200 }],
  ])('refuses %j with %d shown', (input, shown, expected) => {
    expect(error(input, shown)).toEqual(expected);
  });

  it('has a message for every refusal in both languages', () => {
    const keys: StockAdjustError['key'][] = ['noItem', 'empty', 'notInteger', 'zero', 'tooLarge', 'moreThanShown', 'overCapacity', 'noReason', 'reasonTooLong'];
    for (const lang of ['zh-CN', 'en'] as const) {
      const i18n = createI18n(lang);
      for (const key of keys) expect(i18n.exists(`sites:stockAdjust.error.${key}`), `${lang} ${key}`).toBe(true);
      expect(i18n.t('sites:stockAdjust.error.moreThanShown', { shown: '40 件' })).toContain('40 件');
    }
  });
});
