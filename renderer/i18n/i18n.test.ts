import { describe, expect, it } from 'vitest';
import { VEHICLE_STATUSES, SITE_KINDS, VEHICLE_KINDS } from '../../shared/domain';
import { createI18n, resources } from './index';

function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const zh = leaves(resources['zh-CN']);
const en = leaves(resources.en);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('i18n resources', () => {
  it('has every key in both languages', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('has no empty strings and the same placeholders in both languages', () => {
    for (const [key, zhText] of zh) {
      const enText = en.get(key) ?? '';
      expect(zhText.trim(), key).not.toBe('');
      expect(enText.trim(), key).not.toBe('');
      expect(placeholders(enText), key).toEqual(placeholders(zhText));
    }
  });

  it('names every vehicle status, vehicle kind and site kind of the domain', () => {
    for (const s of VEHICLE_STATUSES) expect(zh.has(`format.status.${s}`), s).toBe(true);
    for (const k of VEHICLE_KINDS) expect(zh.has(`format.vehicleKind.${k}`), k).toBe(true);
    for (const k of SITE_KINDS) expect(zh.has(`format.siteKind.${k}`), k).toBe(true);
  });

  it('defaults to Simplified Chinese and switches to English', async () => {
    const i18n = createI18n();
    expect(i18n.language).toBe('zh-CN');
    expect(i18n.t('format:link.connected')).toBe('已连接');
    expect(i18n.t('format:age.seconds', { count: 12 })).toBe('12 秒前');
    await i18n.changeLanguage('en');
    expect(i18n.t('format:link.connected')).toBe('Connected');
  });
});
