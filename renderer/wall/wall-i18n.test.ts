import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { ensureWallMessages, WALL_NAMESPACE, wallResources } from '../i18n/wall';
import { WALL_SCENES } from './scenes';

function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('wall words', () => {
  const zh = leaves(wallResources['zh-CN']);
  const en = leaves(wallResources.en);

  it('has every key in both languages, none empty, same placeholders', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
    }
  });

  it('names every scene', () => {
    for (const s of WALL_SCENES) expect(zh.has(`scene.${s.id}`), s.id).toBe(true);
  });

  it('adds its namespace once, Chinese by default', () => {
    const i18n = createI18n('zh-CN');
    ensureWallMessages(i18n);
    ensureWallMessages(i18n);
    expect(i18n.t('scene.overview', { ns: WALL_NAMESPACE })).toBe('城市总览');
    expect(i18n.t('outage.age', { ns: WALL_NAMESPACE, age: '3 分钟前' })).toBe('数据时效：3 分钟前');
  });
});
