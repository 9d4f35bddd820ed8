import { beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../shared/auth/roles';
import type { DispatchOrder, ItemType, Site, Stock, SupplyRequest, Vehicle } from '../../shared/domain';
import { createI18n } from '../i18n';
import { moveHighlight } from '../ui/highlight';
import { DEFAULT_VISIBILITY } from './layer-visibility';
import { scoreEntry, searchPalette, type PaletteEntry } from './palette';
import { paletteEntries } from './palette-entries';
import { loadPinyin, pinyinMatch } from './pinyin';
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

  it('offers the city\'s named places, after the sites, each with its kind', () => {
    const withPlaces = paletteEntries({
      t: (k, p) => i18n.t(k, p), language: 'zh-CN', sites: [site], vehicles: [vehicle], requests: [], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.supervisor),
      places: [{ name: 'Centrum', kind: 'suburb', lon: 11.97, lat: 57.71 }, { name: 'Central Park', kind: 'neighbourhood', lon: 11.9, lat: 57.7 }],
    });
    expect(withPlaces.filter((e) => e.kind === 'place').map((e) => [e.id, e.label, e.detail])).toEqual([['place:0', 'Centrum', '城区'], ['place:1', 'Central Park', '街区']]);
    expect(searchPalette(withPlaces, 'centrum')[0]!.id).toBe('place:0');
    // On the English board the site "Central Supply Depot" and the place "Central Park" hit alike: the site first.
    const en = createI18n('en');
    const english = paletteEntries({
      t: (k, p) => en.t(k, p), language: 'en', sites: [site], vehicles: [], requests: [], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.supervisor),
      places: [{ name: 'Central Park', kind: 'neighbourhood', lon: 11.9, lat: 57.7 }],
    });
    expect(searchPalette(english, 'central').filter((e) => e.kind === 'site' || e.kind === 'place').map((e) => e.id)).toEqual(['site:depot-central', 'place:0']);
    expect(english.find((e) => e.id === 'place:0')!.detail).toBe('Neighbourhood');
  });

  it("finds the city's streets, after its sites and places, by their words (not by pinyin), quickly over a whole city's index", async () => {
    await loadPinyin();
    // A prefecture-level city: 40,000 street names.
    const streets = Array.from({ length: 40_000 }, (_, i) => ({ name: i === 123 ? '深南大道' : `测试路${i}号`, lon: 114 + i * 1e-5, lat: 22.5 }));
    const withStreets = paletteEntries({
      t: (k, p) => i18n.t(k, p), language: 'zh-CN', sites: [site], vehicles: [vehicle], requests: [], visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.supervisor),
      places: [{ name: '深南街道', kind: 'suburb', lon: 114.05, lat: 22.54 }],
      streets,
    });
    const hits = searchPalette(withStreets, '深南');
    expect(hits.map((e) => [e.id, e.kind, e.label, e.detail])).toEqual([['place:0', 'place', '深南街道', '城区'], ['street:123', 'street', '深南大道', '街道']]);
    // Streets answer to what is typed, not to pinyin: "shennan" finds the place (pinyin), not 40,000 streets' readings.
    expect(searchPalette(withStreets, 'shennan').map((e) => e.id)).toEqual(['place:0']);
    // A key press over the whole index stays well inside a frame's budget (folded once, then cached).
    searchPalette(withStreets, '测试路1');
    const t0 = performance.now();
    for (const q of ['测', '测试', '测试路3', '测试路39999号']) searchPalette(withStreets, q);
    expect((performance.now() - t0) / 4).toBeLessThan(100); // measured: 15–30 ms here
    expect(searchPalette(withStreets, '测试路39999号')[0]!.id).toBe('street:39999');
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
    expect(actions('duty')).toEqual(['new-request', 'queue', 'kpi', 'reports', 'link', 'asset-scan', 'repairs', 'readiness', 'handover', 'conflicts', 'reset-view']);
    expect(actions('supervisor')).toEqual(['new-request', 'queue', 'kpi', 'reports', 'link', 'asset-scan', 'repairs', 'readiness', 'handover', 'duty-settings', 'conflicts', 'audit', 'reset-view']);
    expect(actions('wall')).toEqual(['queue', 'kpi', 'reports', 'link', 'asset-scan', 'repairs', 'readiness', 'handover', 'conflicts', 'reset-view']);
    expect(actions('admin')).toEqual(['queue', 'kpi', 'reports', 'link', 'asset-scan', 'repairs', 'readiness', 'handover', 'duty-settings', 'conflicts', 'users', 'site-new', 'reset-view']);
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

describe('pinyin', () => {
  beforeAll(() => loadPinyin());

  it.each([
    ['zhongxin', '中心物资库', 2],
    ['zxwzk', '中心物资库', 2],
    ['zhongxinwuzik', '中心物资库', 2],
    ['wuzi', '中心物资库', 1],
    ['kouzhao', 'N95口罩', 1],
    ['n95kz', 'N95口罩', 2],
    // 调 is diào here and tiáo elsewhere: either reading finds it.
    ['diaobo', '调拨统计', 2],
    ['tiaobo', '调拨统计', 2],
    ['dongqu', '东区区域库', 2],
    ['kqd07', '快取点07·萨尔格伦斯卡医院', 2],
    ['zhongxim', '中心物资库', 0],
    ['xz', '中心物资库', 0],
    ['z', '中心物资库', 0],
    ['中心', '中心物资库', 0],
    ['central', 'Central Supply Depot', 0],
  ] as const)('"%s" in %s: %i', (word, text, want) => {
    expect(pinyinMatch(word, text)).toBe(want);
  });
});

describe('palette: pinyin and where items are kept', () => {
  beforeAll(() => loadPinyin());
  const site = (id: string, kind: Site['kind'], name: string, nameEn: string): Site => ({ id, kind, name, nameEn, address: '', lon: 11.97, lat: 57.7 });
  const sites = [
    site('depot-central', 'central', '中心物资库', 'Central Supply Depot'),
    site('depot-east', 'regional', '东区区域库', 'East Regional Depot'),
    site('qp-01', 'quickpick', '快取点01·中央车站', 'Quick-pick 01 · Central Station'),
  ];
  const items: ItemType[] = [
    { id: 'n95-mask', name: 'N95口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs', category: 'consumable' },
    { id: 'protective-suit', name: '防护服', nameEn: 'Protective suit', unit: '套', unitEn: 'sets', category: 'consumable' },
  ];
  const stock: Stock[] = [
    { siteId: 'qp-01', itemId: 'n95-mask', quantity: 600, safetyLevel: 200 },
    { siteId: 'depot-central', itemId: 'n95-mask', quantity: 114000, safetyLevel: 30000 },
    { siteId: 'depot-east', itemId: 'n95-mask', quantity: 0, safetyLevel: 4000 },
    { siteId: 'depot-central', itemId: 'protective-suit', quantity: 29000, safetyLevel: 8000 },
  ];
  const entriesIn = (language: 'zh-CN' | 'en') => {
    const i18n = createI18n(language);
    return paletteEntries({ t: (k, p) => i18n.t(k, p), language, sites, vehicles: [], requests: [], items, stock, visibility: DEFAULT_VISIBILITY, views: viewsFor(ROLE_PERMISSIONS.duty) });
  };

  it('finds a site by its pinyin or its initials, in either language', () => {
    expect(searchPalette(entriesIn('zh-CN'), 'zhongxin')[0]!.id).toBe('site:depot-central');
    expect(searchPalette(entriesIn('zh-CN'), 'zxwzk')[0]!.id).toBe('site:depot-central');
    expect(searchPalette(entriesIn('en'), 'zhongxin')[0]!.id).toBe('site:depot-central');
    expect(searchPalette(entriesIn('zh-CN'), 'dbtj')[0]!.id).toBe('action:kpi');
  });

  it('lists where an item is kept, most first, with its quantity, and nowhere it is out', () => {
    const found = searchPalette(entriesIn('zh-CN'), 'N95');
    expect(found.map((e) => e.id)).toEqual(['stock:depot-central:n95-mask', 'stock:qp-01:n95-mask']);
    expect(found.map((e) => [e.label, e.detail])).toEqual([
      ['N95口罩 · 中心物资库', '114,000 只 · 中心库'],
      ['N95口罩 · 快取点01·中央车站', '600 只 · 街面快取点'],
    ]);
    expect(searchPalette(entriesIn('en'), 'n95').map((e) => [e.label, e.detail])[0]).toEqual(['N95 mask · Central Supply Depot', '114,000 pcs · Central depot']);
    expect(searchPalette(entriesIn('zh-CN'), 'kouzhao')[0]!.id).toBe('stock:depot-central:n95-mask');
    expect(searchPalette(entriesIn('en'), '防护服').map((e) => e.id)).toEqual(['stock:depot-central:protective-suit']);
    // Narrowed by the site's words too.
    expect(searchPalette(entriesIn('zh-CN'), 'N95 中央车站').map((e) => e.id)).toEqual(['stock:qp-01:n95-mask']);
  });

  it('does not list stock for a query that names only a site, nor without a query', () => {
    expect(searchPalette(entriesIn('zh-CN'), '中心物资库').map((e) => e.kind)).toEqual(['site']);
    expect(searchPalette(entriesIn('zh-CN'), 'zhongxin').map((e) => e.kind)).toEqual(['site']);
    expect(searchPalette(entriesIn('zh-CN'), '', 100).some((e) => e.kind === 'stock')).toBe(false);
  });
});
