import { describe, expect, it } from 'vitest';
import { BoardError, encodeTreeProblems } from '../../shared/board-api';
import { demoUnits } from '../../shared/scope/demo-tree';
import type { Unit } from '../../shared/scope/schema';
import { createI18n } from '../i18n';
import { childKinds, moveTargets, newUnitId, treeRefusalLines, unitDraftProblems, unitRows } from './unit-admin';

const units = demoUnits();
const byId = new Map(units.map((u) => [u.id, u]));
const refused = (problems: { code: string; unitId: string | null }[]) => new BoardError('bad_tree', 'refused', { problems: encodeTreeProblems(problems) });
const nameOf = (id: string) => byId.get(id)?.name ?? id;

describe('the tree as an indented list', () => {
  const rows = unitRows(units);

  it('puts every unit once under its parent: the city, then each county with its stations and their posts', () => {
    expect(rows).toHaveLength(units.length);
    expect(rows[0]).toMatchObject({ depth: 0, unit: { kind: 'city' } });
    for (const [i, r] of rows.entries()) {
      if (r.unit.parentId === null) continue;
      // The nearest row above one level up is its parent.
      const above = rows.slice(0, i).reverse().find((x) => x.depth === r.depth - 1);
      expect(above?.unit.id, r.unit.id).toBe(r.unit.parentId);
    }
    const depthOf = (id: string) => rows.find((r) => r.unit.id === id)!.depth;
    expect([depthOf('unit-centrum'), depthOf('unit-nordstaden'), depthOf('unit-post-kungsportsplatsen')]).toEqual([1, 2, 3]);
    // A county's own street post after its stations.
    const centrum = rows.filter((r) => r.unit.parentId === 'unit-centrum').map((r) => r.unit.kind);
    expect(centrum.at(-1)).toBe('post');
  });

  it('shows a unit whose parent is missing at the top rather than dropping it', () => {
    const stray: Unit = { id: 'unit-stray', kind: 'post', name: '孤', nameEn: 'Stray', parentId: 'unit-gone', area: null };
    expect(unitRows([...units, stray]).find((r) => r.unit.id === 'unit-stray')).toMatchObject({ depth: 0 });
  });
});

describe('what may be added and where a unit may move', () => {
  it('adds by the levels of command', () => {
    expect(childKinds('city')).toEqual(['county']);
    expect(childKinds('county')).toEqual(['station', 'post']);
    expect(childKinds('station')).toEqual(['post']);
    expect(childKinds('post')).toEqual([]);
  });

  it('never offers a unit’s own subtree or its present parent, only the levels it may sit under', () => {
    const targets = moveTargets(units, 'unit-nordstaden').map((u) => u.id);
    expect(targets).not.toContain('unit-nordstaden');
    expect(targets).not.toContain('unit-post-kungsportsplatsen');
    expect(targets).not.toContain('unit-centrum');
    expect(targets.every((id) => byId.get(id)!.kind === 'county')).toBe(true);
    expect(moveTargets(units, 'unit-centrum').map((u) => u.id)).toEqual([]);
    const post = moveTargets(units, 'unit-post-kungsportsplatsen').map((u) => byId.get(u.id)!.kind);
    expect(new Set(post)).toEqual(new Set(['county', 'station']));
  });

  it('needs both names; makes ids the central takes', () => {
    expect(unitDraftProblems({ name: ' ', nameEn: 'x' })).toEqual(['name']);
    expect(unitDraftProblems({ name: '北城', nameEn: '' })).toEqual(['nameEn']);
    expect(newUnitId(() => '0f2b6a1c-89ab-4cde-8f01-23456789abcd')).toBe('unit-0f2b6a1c89');
    expect(newUnitId()).toMatch(/^unit-[0-9a-f]{10}$/);
  });
});

describe('a refusal in words', () => {
  const other = () => 'other';
  for (const language of ['zh-CN', 'en'] as const) {
    const t = createI18n(language).t;
    const words = language === 'en' ? { cycle: 'cycle', orphan: 'orphan', under: 'own subordinate' } : { cycle: '循环', orphan: '孤立', under: '自己的下级' };

    it(`names the problem and the unit (${language})`, () => {
      const cycle = treeRefusalLines(t, refused([{ code: 'cycle', unitId: 'unit-centrum' }, { code: 'cycle', unitId: 'unit-nordstaden' }]), nameOf, other);
      expect(cycle).toHaveLength(1);
      expect(cycle[0]).toContain(words.cycle);
      expect(cycle[0]).toContain('中心区分局');
      expect(cycle[0]).toContain('北城派出所');
      const orphan = treeRefusalLines(t, refused([{ code: 'orphan', unitId: 'unit-new' }]), nameOf, other);
      expect(orphan[0]).toContain(words.orphan);
      expect(orphan[0]).toContain('unit-new');
      const under = treeRefusalLines(t, refused([{ code: 'move_under_descendant', unitId: 'unit-centrum' }]), nameOf, other);
      expect(under[0]).toContain(words.under);
      expect(under[0]).toContain('中心区分局');
      // Every problem code the tree has has its words.
      for (const code of ['duplicate_id', 'no_root', 'many_roots', 'root_not_city', 'kind_order', 'area_missing', 'area_outside_parent', 'area_overlaps_sibling', 'unknown_unit']) {
        const [line] = treeRefusalLines(t, refused([{ code, unitId: 'unit-centrum' }]), nameOf, other);
        expect(line, code).not.toContain('units.problem');
        expect(line, code).not.toBe(t('people:units.problem.unknown'));
      }
    });
  }

  it('leaves any other refusal to the board’s words', () => {
    const t = createI18n('zh-CN').t;
    expect(treeRefusalLines(t, new BoardError('central_unreachable', 'x'), nameOf, () => 'offline')).toEqual(['offline']);
  });
});
