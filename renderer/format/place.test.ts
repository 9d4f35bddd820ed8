import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { createI18n, LANGUAGES, resources } from '../i18n';
import { joinList } from './list';
import { placeNamer } from './place';

const sites: Site[] = [
  { id: 'depot-central', kind: 'central', name: '中心物资库', nameEn: 'Central Supply Depot', address: 'Partihandelsgatan 5', lon: 11.986, lat: 57.716 },
  { id: 'qp-06', kind: 'quickpick', name: '快取点06·林奈广场', nameEn: 'Quick-pick 06 · Linnéplatsen', address: 'Linnégatan', lon: 11.9525, lat: 57.6925 },
];

describe('a destination in the board language', () => {
  const en = createI18n('en');
  const zh = createI18n('zh-CN');
  const inEnglish = placeNamer(en.t, 'en', sites);
  const inChinese = placeNamer(zh.t, 'zh-CN', sites);

  it("names a site in the board language, whichever language the request was recorded in", () => {
    expect(inEnglish('快取点06·林奈广场')).toBe('Quick-pick 06 · Linnéplatsen');
    expect(inEnglish('中心物资库')).toBe('Central Supply Depot');
    expect(inChinese('Central Supply Depot')).toBe('中心物资库');
    expect(inChinese('快取点06·林奈广场')).toBe('快取点06·林奈广场');
  });

  it('says "near <street>" in the board language, the street and coordinates as they are', () => {
    expect(inEnglish('Linnégatan 附近（11.95250, 57.69250）')).toBe('near Linnégatan (11.95250, 57.69250)');
    expect(inChinese('near Övre Husargatan (11.95, 57.69)')).toBe('Övre Husargatan 附近（11.95, 57.69）');
    expect(inEnglish('near Linnégatan (11.95250, 57.69250)')).toBe('near Linnégatan (11.95250, 57.69250)');
  });

  it('keeps what has no translation: coordinates, a street, text typed by an officer', () => {
    expect(inEnglish('11.97360, 57.70890')).toBe('11.97360, 57.70890');
    expect(inEnglish('Kungsportsavenyen')).toBe('Kungsportsavenyen');
    expect(inEnglish('西区派出所门口')).toBe('西区派出所门口');
    // Almost a pattern is not one.
    expect(inEnglish('Linnégatan 附近')).toBe('Linnégatan 附近');
  });

  it("reads the request form's own wording: dispatch's request.nearStreet is format's place.nearStreet", () => {
    for (const lng of LANGUAGES) expect(resources[lng].dispatch.request.nearStreet, lng).toBe(resources[lng].format.place.nearStreet);
  });
});

describe('lists', () => {
  it('use the separators of the board language', () => {
    const parts = ['救生衣 60', '应急照明灯 20'];
    expect(joinList(createI18n('zh-CN').t, parts)).toBe('救生衣 60，应急照明灯 20');
    expect(joinList(createI18n('en').t, ['Life jacket 60', 'Emergency light 20'])).toBe('Life jacket 60, Emergency light 20');
    expect(joinList(createI18n('en').t, ['a', 'b'], 'names')).toBe('a, b');
    expect(joinList(createI18n('en').t, ['a', 'b'], 'clauses')).toBe('a; b');
    expect(joinList(createI18n('zh-CN').t, ['a', 'b'], 'names')).toBe('a、b');
    expect(joinList(createI18n('zh-CN').t, ['a', 'b'], 'clauses')).toBe('a；b');
  });
});
