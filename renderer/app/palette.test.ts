import { describe, expect, it } from 'vitest';
import type { Site, Vehicle } from '../../shared/domain';
import { createI18n } from '../i18n';
import { moveHighlight } from '../ui/highlight';
import { DEFAULT_VISIBILITY } from './layer-visibility';
import { scoreEntry, searchPalette, type PaletteEntry } from './palette';
import { paletteEntries } from './palette-entries';

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
  const entries = paletteEntries({ t: (k, p) => i18n.t(k, p), language: 'zh-CN', sites: [site], vehicles: [vehicle], requests: [], visibility: DEFAULT_VISIBILITY });

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
