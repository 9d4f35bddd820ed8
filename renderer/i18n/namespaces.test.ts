import { describe, expect, it } from 'vitest';
import { createI18n } from './index';
import { NAMESPACES, type Namespace } from './namespaces';

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
const namespaces = Object.keys(NAMESPACES) as Namespace[];

describe.each(namespaces)('namespace %s', (ns) => {
  const zh = leaves(NAMESPACES[ns]['zh-CN']);
  const en = leaves(NAMESPACES[ns].en);

  it('has the same keys in Chinese and English', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    expect(zh.size).toBeGreaterThan(0);
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const [key, zhText] of zh) {
      const enText = en.get(key) ?? '';
      expect(zhText.trim(), `${ns}:${key}`).not.toBe('');
      expect(enText.trim(), `${ns}:${key} (en)`).not.toBe('');
      expect(placeholders(enText), `${ns}:${key}`).toEqual(placeholders(zhText));
    }
  });
});

/**
 * Every key the code names literally exists, in the namespace it is read from: a key
 * left behind when words move between namespaces would otherwise show as raw text.
 * Bare keys are read from the namespace the file's `t` is bound to; helpers handed a
 * `t` must name the namespace.
 */
describe('keys used in the code', () => {
  const sources = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx', '!../**/messages.*.ts', '!../**/errors.*.ts'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>;
  const i18n = createI18n('zh-CN');
  const bundle = (ns: string) => (i18n.getResourceBundle('zh-CN', ns) ?? null) as Record<string, unknown> | null;
  const lookup = (ns: string, path: string): unknown => path.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), bundle(ns));

  /** The first argument of each t(...) call (t, tc, tr, tRef.current), as source text. */
  function firstArguments(src: string): string[] {
    const out: string[] = [];
    for (const m of src.matchAll(/(?<![\w.])(?:t|tc|tr|tRef\.current)\(/g)) {
      let depth = 0;
      let i = m.index + m[0].length;
      const start = i;
      for (; i < src.length; i++) {
        const c = src[i]!;
        if (c === "'" || c === '"') i = src.indexOf(c, i + 1);
        else if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) break;
      }
      out.push(src.slice(start, i));
    }
    return out;
  }

  it('finds the sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
  });

  /** Comments quote keys as examples; only code counts. */
  const code = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');

  it.each(Object.keys(sources).filter((f) => /(?<![\w.])(t|tc|tr|tRef\.current)\(/.test(code(sources[f]!))))('%s', (file) => {
    const src = code(sources[file]!);
    const bound = /\{\s*t\b[^}]*\}\s*=\s*useTranslation\(([^)]*)\)/.exec(src);
    const own = bound ? (bound[1] === '' ? 'app' : bound[1] === 'WALL_NAMESPACE' ? 'wall' : bound[1]!.replace(/['"]/g, '')) : null;
    for (const arg of firstArguments(src)) {
      const keys = [...arg.matchAll(/'([^'\s]+)'|`([^`$]+)(\$\{)?/g)].map((k) => ({ text: (k[1] ?? k[2])!, partial: k[3] !== undefined }));
      for (const { text, partial } of keys) {
        const m = /^(?:(\w+):)?([a-zA-Z]+\.[\w.]*|[a-zA-Z]+)$/.exec(text);
        if (!m || (!text.includes('.') && !text.includes(':'))) continue;
        const ns = m[1] ?? own;
        expect(ns, `${file}: '${text}' needs a namespace (no t bound by useTranslation here)`).not.toBeNull();
        const path = partial ? m[2]!.replace(/\.$/, '') : m[2]!;
        const found = lookup(ns!, path);
        if (partial) expect(typeof found, `${file}: ${ns}:${text}… is not a group`).toBe('object');
        else expect(typeof found, `${file}: ${ns}:${text} is missing`).toBe('string');
      }
    }
  });
});
