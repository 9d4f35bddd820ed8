import { describe, expect, it } from 'vitest';
import type { ItemType } from '../../shared/domain';
import { matchItems, MAX_LINE_QUANTITY, parseCoordinates, parseQuantity, resolveItem, validateRequest, type RequestInput } from './request-input';

const item = (id: string, name: string, nameEn: string): ItemType => ({ id, name, nameEn, unit: '件', unitEn: 'pcs', category: 'equipment' });
const items = [item('life-jacket', '救生衣', 'Life jacket'), item('emergency-light', '应急照明灯', 'Emergency light'), item('n95-mask', 'N95口罩', 'N95 mask'), item('drone', '无人机', 'Drone'), item('drone-battery', '无人机电池', 'Drone battery')];
const destination = { lon: 11.97, lat: 57.7, label: '快取点01', source: 'site' as const, siteId: 'qp-01' };
const input = (patch: Partial<RequestInput> = {}): RequestInput => ({
  destination,
  rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: '600' }],
  priority: 'red',
  requester: ' 东区派出所 ',
  note: '',
  deadline: '30',
  ...patch,
});

describe('quantity', () => {
  it.each([
    ['600', { kind: 'int', value: 600 }],
    ['６００', { kind: 'int', value: 600 }],
    ['1,000', { kind: 'int', value: 1000 }],
    ['-5', { kind: 'int', value: -5 }],
    ['−5', { kind: 'int', value: -5 }],
    ['-0', { kind: 'int', value: 0 }],
    ['2.5', { kind: 'decimal' }],
    ['1e3', { kind: 'decimal' }],
    ['', { kind: 'empty' }],
    ['  ', { kind: 'empty' }],
    ['abc', { kind: 'nan' }],
    ['12 件', { kind: 'nan' }],
  ])('%j reads as %j', (text, parsed) => {
    expect(parseQuantity(text)).toEqual(parsed);
  });
});

describe('item matching', () => {
  it('ranks exact, then prefix, then substring, in either language', () => {
    expect(matchItems(items, '无人机').map((i) => i.id)).toEqual(['drone', 'drone-battery']);
    expect(matchItems(items, '电池').map((i) => i.id)).toEqual(['drone-battery']);
    expect(matchItems(items, 'life').map((i) => i.id)).toEqual(['life-jacket']);
    expect(matchItems(items, 'n95').map((i) => i.id)).toEqual(['n95-mask']);
    expect(matchItems(items, '坦克')).toEqual([]);
    expect(matchItems(items, '', 2)).toHaveLength(2);
  });

  it('resolves a row by its choice, else by an exact name only', () => {
    expect(resolveItem(items, { text: 'whatever', itemId: 'drone' })?.id).toBe('drone');
    expect(resolveItem(items, { text: 'Life Jacket', itemId: null })?.id).toBe('life-jacket');
    expect(resolveItem(items, { text: '救生', itemId: null })).toBeNull();
    expect(resolveItem(items, { text: '', itemId: null })).toBeNull();
  });
});

describe('request validation', () => {
  it('accepts a good request, trimmed, with the default deadline', () => {
    const r = validateRequest(input({ deadline: '' }), items);
    expect(r).toEqual({
      ok: true,
      value: { destination: { lon: 11.97, lat: 57.7, label: '快取点01' }, items: [{ itemId: 'life-jacket', quantity: 600 }], priority: 'red', requester: '东区派出所', note: '', class: 'emergency', deadlineMinutes: 30 },
    });
  });

  it('ignores blank rows and adds up an item typed twice', () => {
    const r = validateRequest(
      input({
        rows: [
          { text: '救生衣', itemId: 'life-jacket', quantity: '600' },
          { text: '', itemId: null, quantity: '' },
          { text: 'Life jacket', itemId: null, quantity: '40' },
        ],
      }),
      items,
    );
    expect(r.ok && r.value.items).toEqual([{ itemId: 'life-jacket', quantity: 640 }]);
  });

  it.each([
    ['no destination', { destination: null }, [{ field: 'destination', key: 'noDestination' }]],
    ['no items', { rows: [{ text: '', itemId: null, quantity: '' }] }, [{ field: 'items', key: 'noItems' }]],
    ['negative', { rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: '-5' }] }, [{ field: 'qty-0', key: 'qtyNotPositive' }]],
    ['zero', { rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: '0' }] }, [{ field: 'qty-0', key: 'qtyNotPositive' }]],
    ['decimal', { rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: '2.5' }] }, [{ field: 'qty-0', key: 'qtyNotInteger' }]],
    ['words', { rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: 'lots' }] }, [{ field: 'qty-0', key: 'qtyNotInteger' }]],
    ['empty quantity', { rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: '' }] }, [{ field: 'qty-0', key: 'qtyEmpty' }]],
    ['absurd', { rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: '999999' }] }, [{ field: 'qty-0', key: 'qtyTooLarge', max: MAX_LINE_QUANTITY }]],
    ['unknown item', { rows: [{ text: '坦克', itemId: null, quantity: '3' }] }, [{ field: 'item-0', key: 'unknownItem', text: '坦克' }]],
    ['bad deadline', { deadline: '0' }, [{ field: 'deadline', key: 'deadlineInvalid', max: 1440 }]],
    ['long requester', { requester: 'x'.repeat(101) }, [{ field: 'requester', key: 'requesterTooLong', max: 100 }]],
  ] as const)('refuses %s', (_name, patch, errors) => {
    const r = validateRequest(input(patch as Partial<RequestInput>), items);
    expect(r).toEqual({ ok: false, errors });
  });

  it('reports every problem at once, per row', () => {
    const r = validateRequest(
      input({
        destination: null,
        rows: [
          { text: '救生衣', itemId: 'life-jacket', quantity: '-5' },
          { text: '坦克', itemId: null, quantity: '3' },
        ],
      }),
      items,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['destination', 'qty-0', 'item-1']);
  });

  it('refuses a sum over the limit even when each row is under it', () => {
    const half = String(MAX_LINE_QUANTITY / 2 + 1);
    const r = validateRequest(input({ rows: [{ text: '救生衣', itemId: 'life-jacket', quantity: half }, { text: '救生衣', itemId: 'life-jacket', quantity: half }] }), items);
    expect(r).toEqual({ ok: false, errors: [{ field: 'qty-0', key: 'qtyTooLarge', max: MAX_LINE_QUANTITY }] });
  });
});

describe('coordinates as a destination', () => {
  const bounds = [11.86, 57.65, 12.09, 57.76] as const;
  it.each([
    ['11.974, 57.709', { lon: 11.974, lat: 57.709 }],
    ['57.709,11.974', { lon: 11.974, lat: 57.709 }],
    ['11.974 57.709', { lon: 11.974, lat: 57.709 }],
    ['１１.９７４，５７.７０９', { lon: 11.974, lat: 57.709 }],
    ['116.4, 39.9', { lon: 116.4, lat: 39.9 }],
    ['200, 100', { invalid: true }],
    ['Drottninggatan', null],
    ['57.7', null],
  ])('%j → %j', (text, parsed) => {
    expect(parseCoordinates(text, bounds)).toEqual(parsed);
  });
});
