import { describe, expect, it } from 'vitest';
import type { ConflictView } from '../../shared/board-api';
import type { ItemType, Site, Vehicle } from '../../shared/domain';
import { createI18n } from '../i18n';
import { describeConflict, type ConflictNames } from './conflict-text';

const lifeJacket: ItemType = { id: 'life-jacket', name: '救生衣', nameEn: 'Life jacket', unit: '件', unitEn: 'pcs', category: 'equipment' };
const site: Site = { id: 'qp-03', kind: 'quickpick', name: '快取点03·歌塔广场', nameEn: 'Quick-pick 03 · Götaplatsen', address: '', lon: 11.98, lat: 57.697 };
const van: Vehicle = { id: 'v-007', no: 7, plate: '警A·0007', kind: 'van', status: 'atscene', crew: [], homeSiteId: 'qp-03', capacity: 40 };
const names: ConflictNames = { items: [lifeJacket], sites: [site], vehicles: [van] };

const base = {
  id: 1,
  commandId: '00000000-0000-4000-8000-000000000001',
  issuedAt: 1_700_000_000_000,
  createdAt: 1_700_000_100_000,
  resolvedAt: null,
  resolution: null,
} satisfies Partial<ConflictView>;

const stockConflict: ConflictView = {
  ...base,
  type: 'stock.adjust',
  payload: { siteId: 'qp-03', itemId: 'life-jacket', delta: -40, reason: '防汛' },
  code: 'insufficient_stock',
  reason: 'qp-03 holds 39 of life-jacket; cannot take 40',
  serverRow: { item: lifeJacket, quantity: 39, safetyLevel: 20 },
};

describe('describeConflict', () => {
  it('shows both sides of a refused stock booking in Chinese', () => {
    const { t } = createI18n('zh-CN');
    expect(describeConflict(t, stockConflict, names, 'zh-CN')).toEqual({
      action: '出库 40 件 救生衣 · 快取点03·歌塔广场 · 事由：防汛',
      central: '救生衣 现有 39 件（安全库存 20）',
      reason: '库存不足：警保云的数量少于要出库的数量',
      detail: 'qp-03 holds 39 of life-jacket; cannot take 40',
    });
  });

  it('shows both sides in English, with thousands separators', () => {
    const { t } = createI18n('en');
    const c = { ...stockConflict, payload: { ...stockConflict.payload, delta: 12_000, reason: '' }, serverRow: { item: lifeJacket, quantity: 9_999_000, safetyLevel: 2000 } };
    const text = describeConflict(t, c, names, 'en');
    expect(text.action).toBe('Book in 12,000 pcs Life jacket · Quick-pick 03 · Götaplatsen');
    expect(text.central).toBe('Life jacket: 9,999,000 pcs (safety level 2,000)');
  });

  it('describes a refused vehicle status with the plate and the central status', () => {
    const { t } = createI18n('zh-CN');
    const c: ConflictView = { ...base, type: 'vehicle.setStatus', payload: { vehicleId: 'v-007', status: 'maintenance' }, code: 'not_found', reason: 'no vehicle', serverRow: van };
    expect(describeConflict(t, c, names, 'zh-CN')).toMatchObject({
      action: '将 警A·0007 设为「维修」',
      central: '警A·0007 当前为「在现场」',
      reason: '警保云没有此物资、库点或车辆',
    });
  });

  it('falls back to ids and raw text instead of hiding what it cannot read', () => {
    const { t } = createI18n('zh-CN');
    const unknownNames: ConflictNames = { items: [], sites: [], vehicles: [] };
    const c: ConflictView = { ...stockConflict, code: 'rate_policy', serverRow: { odd: true } };
    const text = describeConflict(t, c, unknownNames, 'zh-CN');
    expect(text.action).toContain('life-jacket');
    expect(text.action).toContain('qp-03');
    expect(text.central).toBe('警保云记录：{"odd":true}');
    expect(text.reason).toBe('警保云拒绝执行（rate_policy）');

    const none = describeConflict(t, { ...stockConflict, serverRow: null }, names, 'zh-CN');
    expect(none.central).toBe('警保云没有这条记录');

    const garbled = describeConflict(t, { ...stockConflict, payload: { siteId: 5 } }, names, 'zh-CN');
    expect(garbled.action).toContain('stock.adjust');
    expect(garbled.action).toContain('"siteId":5');
  });
});

describe('describeConflict for dispatch commands', () => {
  it('says which vehicle was to load what where, not raw JSON', () => {
    const { t } = createI18n('zh-CN');
    const refused: ConflictView = {
      ...base,
      type: 'dispatch.create',
      payload: {
        dispatch: {
          id: '00000000-0000-4000-8000-000000000002',
          requestId: '00000000-0000-4000-8000-000000000003',
          vehicleId: 'v-007',
          pickups: [{ siteId: 'qp-03', itemId: 'life-jacket', quantity: 40 }],
          siteIds: ['qp-03'],
          predictedArrivalAt: 1_700_000_600_000,
          createdAt: 1_700_000_000_000,
        },
      },
      code: 'insufficient_stock',
      reason: 'qp-03 holds 39 of life-jacket',
      serverRow: null,
    };
    const text = describeConflict(t, refused, names, 'zh-CN');
    expect(text.action).toBe('调派 警A·0007：快取点03·歌塔广场 救生衣 40件');
    expect(text.reason).toBe('库存不足：警保云的数量少于要出库的数量');
  });
});
