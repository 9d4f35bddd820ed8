import { describe, expect, it } from 'vitest';
import type { Unit } from './schema';
import { box, fixtureTree, fixtureUnits, unit } from './testing/units';
import { ancestors, checkDestination, checkUnitTree, countyOf, inSubtree, moveUnit, removalProblems, subtree, unitAt, unitsByPosition, unitsOf, type TreeProblemCode } from './tree';

const codes = (units: Unit[]) => {
  const r = checkUnitTree(units);
  return r.ok ? [] : r.problems.map((p) => `${p.unitId}:${p.code}`);
};
/** The fixture with one unit replaced (or added when its id is new). */
const withUnit = (u: Unit): Unit[] => {
  const list = fixtureUnits().filter((x) => x.id !== u.id);
  return [...list, u];
};
const without = (...ids: string[]): Unit[] => fixtureUnits().filter((u) => !ids.includes(u.id));

describe('checkUnitTree', () => {
  it('takes the fixture: one city, counties, stations, posts (one under its county)', () => {
    expect(codes(fixtureUnits())).toEqual([]);
  });

  it.each<[string, Unit[], string[]]>([
    ['an empty list: no city', [], ['null:no_root']],
    ['a duplicate id', [...fixtureUnits(), unit('n2', 'station', 'north')], ['n2:duplicate_id']],
    ['an orphan: its parent does not exist', withUnit(unit('n3', 'station', 'west')), ['n3:orphan']],
    [
      'a cycle of two (and no city left at the top of them)',
      [...without('n1p'), unit('x', 'station', 'y'), unit('y', 'post', 'x')],
      ['x:kind_order', 'x:cycle', 'y:cycle'],
    ],
    ['a unit its own parent', withUnit(unit('s2', 'station', 's2')), ['s2:kind_order', 's2:cycle']],
    ['two cities', [...fixtureUnits(), unit('city2', 'city', null, box(10, 10, 11, 11))], ['city2:many_roots']],
    ['a root that is not a city', withUnit(unit('s2', 'station', null)), ['s2:root_not_city']],
    ['every unit in a cycle: no root at all', [unit('a', 'county', 'b', box(0, 0, 1, 1)), unit('b', 'county', 'a', box(0, 0, 1, 1))], ['a:kind_order', 'b:kind_order', 'a:cycle', 'b:cycle', 'null:no_root']],
    ['a city under a county', withUnit(unit('city', 'city', 'north', box(0, 0, 4, 4))), ['city:kind_order', 'north:cycle', 'city:cycle', 'null:no_root']],
    ['a county under a station', withUnit(unit('south', 'county', 'n2', box(0, 0, 4, 2))), ['south:kind_order']],
    ['a station directly under the city (only a post may skip a level)', withUnit(unit('s2', 'station', 'city')), ['s2:kind_order']],
    ['a post directly under the city', withUnit(unit('sp', 'post', 'city')), ['sp:kind_order']],
    ['a post under a post', withUnit(unit('n1p2', 'post', 'n1p')), ['n1p2:kind_order']],
    ['a county with no area', withUnit(unit('south', 'county', 'city')), ['south:area_missing']],
    ['a city with no area', withUnit(unit('city', 'city', null)), ['city:area_missing']],
    ["a station's area reaching out of its county", withUnit(unit('s2', 'station', 'south', box(2, 1, 4, 3))), ['s2:area_outside_parent']],
    ["a county's own post with an area of its own inside the county: fine", withUnit(unit('sp', 'post', 'south', box(3, 0, 4, 1))), []],
    ["a post's area reaching out of the nearest area above (its station has none, its county's counts)", withUnit(unit('s2p', 'post', 's2', box(3, 1, 4, 3))), ['s2p:area_outside_parent']],
    ["a station's area in another station's hole: a sibling may fill an enclave", withUnit(unit('s2', 'station', 'south', box(0.5, 0.5, 1, 1))), []],
    ['two sibling areas crossing', withUnit(unit('n2', 'station', 'north', box(1, 2, 4, 4))), ['n2:area_overlaps_sibling']],
    ['two sibling areas the same', withUnit(unit('n2', 'station', 'north', box(0, 2, 2, 4))), ['n2:area_overlaps_sibling']],
    ['a sibling area beside another, apart: fine', withUnit(unit('s2', 'station', 'south', box(2.5, 0.5, 3, 1))), []],
    ['one sibling area wholly inside another', withUnit(unit('s2', 'station', 'south', box(0.1, 0.1, 0.3, 0.3))), ['s2:area_overlaps_sibling']],
    ['two counties overlapping in a strip', withUnit(unit('south', 'county', 'city', box(0, 0, 4, 2.5))), ['south:area_overlaps_sibling']],
  ])('%s', (_why, units, expected) => {
    expect(codes(units).sort()).toEqual([...expected].sort());
  });

  it('names the loop in a cycle', () => {
    const r = checkUnitTree([...without('n1p'), unit('x', 'station', 'y'), unit('y', 'station', 'x')]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.code === 'cycle')?.message).toMatch(/x → y → x|y → x → y/);
  });
});

describe('removalProblems', () => {
  const tree = fixtureTree();
  const none = { users: 0, sites: 0, vehicles: 0, records: 0 };
  it.each<[string, string, Partial<typeof none>, TreeProblemCode[]]>([
    ['an unused post', 'n1p', {}, []],
    ['a post that still has an officer', 'n1p', { users: 1 }, ['holds_users']],
    ['a post with a site and a vehicle', 'n1p', { sites: 2, vehicles: 1 }, ['holds_sites', 'holds_vehicles']],
    ['a post with a request on record', 'n1p', { records: 1 }, ['holds_records']],
    ['a station with its post under it', 'n1', {}, ['has_children']],
    ['a county with stations, users and records: each named, in order', 'north', { users: 3, records: 9 }, ['has_children', 'holds_users', 'holds_records']],
    ['the city: never (and nothing else said)', 'city', { users: 5 }, ['no_root']],
    ['a unit not on the tree', 'nope', {}, ['unknown_unit']],
  ])('%s', (_why, unitId, holds, expected) => {
    const problems = removalProblems(tree, unitId, { ...none, ...holds });
    expect(problems.map((p) => p.code)).toEqual(expected);
    for (const p of problems) expect(p.unitId).toBe(unitId);
  });
});

describe('moveUnit', () => {
  const tree = fixtureTree();
  it.each<[string, string, string, TreeProblemCode | null]>([
    ['a post to another station', 'n1p', 'n2', null],
    ['a post from its station to its county', 'n1p', 'north', null],
    ['an arealess station to another county', 's2', 'north', null],
    ['a county under its own station', 'north', 'n1', 'move_under_descendant'],
    ['a county under its grandchild post', 'north', 'n1p', 'move_under_descendant'],
    ['a unit under itself', 'n1', 'n1', 'move_under_descendant'],
    ['the city under anything', 'city', 'south', 'move_under_descendant'],
    ['a station under a station (kind mismatch)', 's2', 'n2', 'kind_order'],
    ['a county under a county (kind mismatch)', 'south', 'north', 'kind_order'],
    ['a station with an area to a county it lies outside of', 'n2', 'south', 'area_outside_parent'],
    ['an unknown unit', 'nope', 'north', 'unknown_unit'],
    ['to an unknown parent', 'n1p', 'nope', 'unknown_unit'],
  ])('%s: %s → %s', (_why, unitId, parentId, code) => {
    const r = moveUnit(tree, unitId, parentId);
    if (code === null) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(ancestors(r.tree, unitId)[0]).toBe(parentId);
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.code)).toContain(code);
    }
  });

  it('leaves the tree it was given as it was', () => {
    moveUnit(tree, 's2', 'north');
    expect(ancestors(tree, 's2')).toEqual(['south', 'city']);
  });
});

describe('walking the tree', () => {
  const tree = fixtureTree();
  it.each<[string, string, string[]]>([
    ['the city: everything, preorder', 'city', ['city', 'north', 'n1', 'n1p', 'n2', 'south', 's1', 's2', 'sp']],
    ['a county: its stations and posts', 'south', ['south', 's1', 's2', 'sp']],
    ['a station with a post', 'n1', ['n1', 'n1p']],
    ['a post: itself', 'n1p', ['n1p']],
    ['an unknown unit: nothing', 'nope', []],
  ])('subtree of %s', (_why, id, expected) => {
    expect(subtree(tree, id)).toEqual(expected);
  });

  it.each<[string, string, string[], string | null]>([
    ['the city: none, no county', 'city', [], null],
    ['a county: the city; itself its county', 'north', ['city'], 'north'],
    ['a station', 'n2', ['north', 'city'], 'north'],
    ["a station's post", 'n1p', ['n1', 'north', 'city'], 'north'],
    ["a county's own post", 'sp', ['south', 'city'], 'south'],
    ['an unknown unit', 'nope', [], null],
  ])('ancestors and county of %s', (_why, id, up, county) => {
    expect(ancestors(tree, id)).toEqual(up);
    expect(countyOf(tree, id)).toBe(county);
  });

  it.each<[string, string, string, boolean]>([
    ['a unit is in its own subtree', 'n1', 'n1', true],
    ['a post is in its county', 'north', 'n1p', true],
    ['a station is not in its sibling', 'n1', 'n2', false],
    ['a county is not in its station', 'n1', 'north', false],
    ['an unknown unit is in nothing', 'city', 'nope', false],
  ])('inSubtree: %s', (_why, a, u, expected) => {
    expect(inSubtree(tree, a, u)).toBe(expected);
  });

  it('gives its list back', () => {
    expect(checkUnitTree(unitsOf(tree)).ok).toBe(true);
    expect(unitsOf(tree).map((u) => u.id)).toEqual(tree.order);
  });
});

describe('unitAt and checkDestination', () => {
  const tree = fixtureTree();
  it.each<[string, number, number, string | null]>([
    ['inside a station', 1, 3, 'n1'],
    ['inside the other station', 3, 3, 'n2'],
    ['in a county, in no station with an area (s2 has none)', 3, 1, 'south'],
    ["in a station's hole: its county", 0.75, 0.75, 'south'],
    ["on the hole's edge: the station (a border belongs to the area)", 0.75, 0.5, 's1'],
    ['on the border of two stations: the first by id', 2, 3, 'n1'],
    ['on the corner of four stations: the first by id, of the first county by id', 2, 2, 'n1'],
    ['on the border of two counties, inside a station of one', 1, 2, 'n1'],
    ["on the city's outer edge: the city's, and down", 4, 3, 'n2'],
    ["on the city's corner", 0, 0, 's1'],
    ['outside the city', 5, 5, null],
    ['a hair outside the city', 4 + 1e-6, 3, null],
    ['not a number', Number.NaN, 1, null],
  ])('%s: (%d, %d) → %s', (_why, lon, lat, expected) => {
    expect(unitAt(tree, lon, lat)).toBe(expected);
  });

  it.each<[string, number, number, string | { unitId: string; countyId: string }]>([
    ['a station', 1, 1.5, { unitId: 's1', countyId: 'south' }],
    ['a county with no station there', 3, 1, { unitId: 'south', countyId: 'south' }],
    ['outside every unit', 9, 9, 'outside_every_unit'],
  ])('checkDestination: %s', (_why, lon, lat, expected) => {
    const r = checkDestination(tree, lon, lat);
    if (typeof expected === 'string') expect(r).toMatchObject({ ok: false, code: expected });
    else expect(r).toEqual({ ok: true, ...expected });
  });

  it('refuses a point in the city but in no county', () => {
    const r = checkUnitTree([...without('north', 'n1', 'n2', 'n1p')]);
    if (!r.ok) throw new Error('tree');
    expect(checkDestination(r.tree, 1, 3)).toMatchObject({ ok: false, code: 'outside_every_county' });
  });

  it('places rows by position', () => {
    expect(unitsByPosition(tree, [
      { id: 'a', lon: 3, lat: 3 },
      { id: 'b', lon: 7, lat: 7 },
    ])).toEqual(new Map([
      ['a', 'n2'],
      ['b', null],
    ]));
  });
});
