import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../shared/auth/roles';
import type { DispatchOrder, Site, SupplyRequest, Vehicle } from '../../shared/domain';
import { createI18n } from '../i18n';
import { moveHighlight } from '../ui/highlight';
import { DEFAULT_VISIBILITY } from './layer-visibility';
import { scoreEntry, searchPalette, type PaletteEntry } from './palette';
import { paletteEntries } from './palette-entries';
import { viewsFor } from './views';

const entry = (id: string, kind: PaletteEntry['kind'], label: string, keywords: string[] = [], detail = ''): PaletteEntry => ({ id, kind, label, detail, keywords });

describe('palette search', () => {
  const entries = [
    entry('action:new-request', 'action', '新建需求', ['new request']),
    entry('action:kpi', 'action', '调拨统计', ['kpi', 'statistics']),
    entry('site:depot-central', 'site', '中心物资库', ['Central Supply Depot']),
    entry('vehicle:veh-001', 'vehicle', '粤A·7919警', ['veh-001', '粤A7919警']),
    entry('request:1', 'request', '快取点06·林奈广场', ['东区派出所']),
  ];

  it('needs every word, in the label or any keyword', () => {
    expect(searchPalette(entries, '统计').map((e) => e.id)).toEqual(['action:kpi']);
    expect(searchPalette(entries, 'central depot').map((e) => e.id)).toEqual(['site:depot-central']);
    expect(searchPalette(entries, '7919').map((e) => e.id)).toEqual(['vehicle:veh-001']);
    expect(searchPalette(entries, 'A7919').map((e) => e.id)).toEqual(['vehicle:veh-001']);
    expect(searchPalette(entries, '派出所').map((e) => e.id)).toEqual(['request:1']);
    expect(searchPalette(entries, 'central tank')).toEqual([]);
  });

  it('ranks the label above keywords, and actions first when empty', () => {
    const more = [...entries, entry('site:x', 'site', 'Statistics 点')];
    expect(searchPalette(more, 'statis').map((e) => e.id)).toEqual(['site:x', 'action:kpi']);
    expect(searchPalette(entries, '')[0]!.kind).toBe('action');
    expect(scoreEntry(entries[0]!, '')).toBe(1);
  });

  it('moves the highlight with wrap-around', () => {
    expect(moveHighlight(0, -1, 3)).toBe(2);
    expect(moveHighlight(2, 1, 3)).toBe(0);
    expect(moveHighlight(1, 1, 3)).toBe(2);
    expect(moveHighlight(0, 1, 0)).toBe(0);
  });
});

describe('palette entries', () => {
  const i18n = createI18n('zh-CN');
  const site: Site = { id: 'depot-central', kind: 'central', name: '中心物资库', nameEn: 'Central Supply Depot', address: 'Partihandelsgatan 5', lon: 11.98, lat: 57.71 };
  const vehicle: Vehicle = { id: 'veh-001', no: 1, plate: '粤A·7919警', kind: 'van', status: 'available', crew: ['唐安华'], homeSiteId: 'depot-central', capacity: 60 };
  const entries = paletteEntries({ t: (k, p) => i18n.t(k, p), language: 'zh-CN', sites: [site], vehicles: [vehicle], requests: [], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.supervisor) });

  it('offers the actions, every layer, both languages, sites and vehicles', () => {
    const ids = entries.map((e) => e.id);
    for (const id of ['action:new-request', 'action:kpi', 'action:link', 'action:queue', 'action:layer:coverage', 'action:layer:heat', 'action:lang:en', 'site:depot-central', 'vehicle:veh-001']) expect(ids).toContain(id);
    expect(entries.every((e) => !e.label.includes('.') || e.kind !== 'action' || e.label === 'English')).toBe(true);
  });

  it('finds things in either language and by plate without the dot', () => {
    expect(searchPalette(entries, 'Central Supply')[0]!.id).toBe('site:depot-central');
    expect(searchPalette(entries, 'A7919')[0]!.id).toBe('vehicle:veh-001');
    expect(searchPalette(entries, 'coverage')[0]!.id).toBe('action:layer:coverage');
    expect(searchPalette(entries, '新建')[0]!.id).toBe('action:new-request');
  });
});

describe('cancelling from the palette', () => {
  const i18n = createI18n('zh-CN');
  const t = (k: string, p?: Record<string, unknown>) => i18n.t(k, p);
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const vehicle: Vehicle = { id: 'veh-001', no: 1, plate: '粤A·7919警', kind: 'van', status: 'enroute', crew: [], homeSiteId: 'depot-central', capacity: 60 };
  const request = (n: number, status: SupplyRequest['status'], label: string): SupplyRequest => ({
    id: id(n), destination: { lon: 11.95, lat: 57.69, label }, items: [{ itemId: 'life-jacket', quantity: 10 }], priority: 'orange', requester: '东区派出所', note: '',
    createdAt: 0, deadlineAt: 1, status, deliveredAt: null,
  });
  const order: DispatchOrder = {
    id: id(101), requestId: id(2), vehicleId: 'veh-001', pickups: [{ siteId: 'qp-01', itemId: 'life-jacket', quantity: 10 }], siteIds: ['qp-01'],
    predictedArrivalAt: 1, status: 'enroute', createdAt: 0, pickedUpAt: null, deliveredAt: null,
  };
  const entries = paletteEntries({
    t, language: 'zh-CN', sites: [], vehicles: [vehicle], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.duty),
    requests: [request(1, 'open', '快取点06·林奈广场'), request(2, 'dispatched', '中央车站'), request(3, 'delivered', '歌塔广场'), request(4, 'cancelled', '海港')],
    dispatches: [order],
  });

  it('offers "取消需求 …" for active requests and "取消调拨 …" for their orders en route', () => {
    const cancels = entries.filter((e) => e.kind === 'cancel');
    expect(cancels.map((e) => e.id)).toEqual([`cancel:request:${id(1)}`, `cancel:request:${id(2)}`, `cancel:dispatch:${id(101)}`]);
    expect(cancels[0]!.label).toBe('取消需求 快取点06·林奈广场');
    expect(cancels[2]!.label).toBe('取消调拨 粤A·7919警 · 中央车站');
    expect(searchPalette(entries, '取消 林奈')[0]!.id).toBe(`cancel:request:${id(1)}`);
    expect(searchPalette(entries, '取消 7919')[0]!.id).toBe(`cancel:dispatch:${id(101)}`);
  });

  it('finds the request itself first when its name is typed, and shows no cancel without a query', () => {
    expect(searchPalette(entries, '林奈')[0]!.id).toBe(`request:${id(1)}`);
    expect(searchPalette(entries, '', 14).some((e) => e.kind === 'cancel')).toBe(false);
  });

  it('offers no cancelling to a role that may not dispatch', () => {
    const wall = paletteEntries({
      t, language: 'zh-CN', sites: [], vehicles: [vehicle], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.wall),
      requests: [request(1, 'open', '快取点06·林奈广场')], dispatches: [order],
    });
    expect(wall.filter((e) => e.kind === 'cancel')).toEqual([]);
    expect(wall.map((e) => e.id)).toContain(`request:${id(1)}`);
  });
});

describe('palette entries by role', () => {
  const i18n = createI18n('zh-CN');
  const t = (k: string, p?: Record<string, unknown>) => i18n.t(k, p);
  const actions = (role: keyof typeof ROLE_PERMISSIONS) =>
    paletteEntries({ t, language: 'zh-CN', sites: [], vehicles: [], requests: [], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS[role]) })
      .filter((e) => e.kind === 'action' && !e.id.startsWith('action:layer:') && !e.id.startsWith('action:lang:'))
      .map((e) => e.id.slice('action:'.length));

  it('offers each role its panels and actions only', () => {
    expect(actions('duty')).toEqual(['new-request', 'queue', 'kpi', 'link', 'conflicts', 'reset-view']);
    expect(actions('supervisor')).toEqual(['new-request', 'queue', 'kpi', 'link', 'conflicts', 'audit', 'reset-view']);
    expect(actions('wall')).toEqual(['queue', 'kpi', 'link', 'conflicts', 'reset-view']);
    expect(actions('admin')).toEqual(['queue', 'kpi', 'link', 'conflicts', 'users', 'reset-view']);
    expect(actions('auditor')).toEqual(['audit']);
  });

  it('finds 用户管理 and 审计日志 in either language', () => {
    const admin = paletteEntries({ t, language: 'zh-CN', sites: [], vehicles: [], requests: [], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.admin) });
    expect(searchPalette(admin, '用户')[0]!.id).toBe('action:users');
    expect(searchPalette(admin, 'users')[0]!.id).toBe('action:users');
    const auditor = paletteEntries({ t, language: 'zh-CN', sites: [], vehicles: [], requests: [], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.auditor) });
    expect(searchPalette(auditor, '审计')[0]!.id).toBe('action:audit');
    expect(searchPalette(auditor, 'audit')[0]!.id).toBe('action:audit');
    expect(auditor.some((e) => e.id.startsWith('action:layer:'))).toBe(false);
  });
});
