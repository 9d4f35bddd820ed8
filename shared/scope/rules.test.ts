import { describe, expect, it } from 'vitest';
import type { Role } from '../auth/roles';
import { seededRandom } from '../random';
import { approvalNeeded, mayApprove, mayDrawFrom, SCOPED_ROW_KINDS, visibility, type Allocation, type ApprovalReason, type ScopedRowKind, type Visibility } from './rules';
import type { ScopeSettings, Unit } from './schema';
import { box, fixtureTree, unit } from './testing/units';
import { checkUnitTree, subtree, type UnitTree } from './tree';

// The fixture (testing/units.ts): city ─ north (n1 with post n1p, n2) · south (s1, s2, county post sp).
const tree = fixtureTree();
const shown: ScopeSettings = { showNeighbours: true, largeAllocationUnits: 1000 };
const plain: ScopeSettings = { showNeighbours: false, largeAllocationUnits: 1000 };

describe('visibility', () => {
  it.each<[string, ScopeSettings, string, string, ScopedRowKind, Visibility]>([
    ['the city sees a post’s request as its own', plain, 'city', 'n1p', 'request', 'own'],
    ['the city sees every county’s vehicle as its own', plain, 'city', 's2', 'vehicle', 'own'],
    ['a county sees its station’s request', plain, 'north', 'n2', 'request', 'own'],
    ['a county sees its stations’ posts’ sites', plain, 'north', 'n1p', 'supplySite', 'own'],
    ['a county sees its own post’s alert', plain, 'south', 'sp', 'alert', 'own'],
    ['a station sees its own request', plain, 'n1', 'n1', 'request', 'own'],
    ['a station sees its post’s user', plain, 'n1', 'n1p', 'user', 'own'],
    ['a station sees its county’s depot as a source', plain, 'n1', 'north', 'supplySite', 'source'],
    ['a station sees a sibling station’s quick-pick point as a source', plain, 'n1', 'n2', 'supplySite', 'source'],
    ['a post sees what its station may draw from', plain, 'n1p', 'n2', 'supplySite', 'source'],
    ['a station does not see a sibling’s request', shown, 'n1', 'n2', 'request', 'hidden'],
    ['a station does not see its county’s alerts', shown, 'n1', 'north', 'alert', 'hidden'],
    ['a station sees a sibling’s vehicle as a neighbour when the setting allows', shown, 'n1', 'n2', 'vehicle', 'neighbour'],
    ['… and not when it does not', plain, 'n1', 'n2', 'vehicle', 'hidden'],
    ['a station sees its county’s own vehicle as a neighbour (the parent’s own rows)', shown, 's1', 'south', 'vehicle', 'neighbour'],
    ['a station sees a sibling’s police-station site as a neighbour', shown, 's1', 's2', 'stationSite', 'neighbour'],
    ['a station does not see the other county’s vehicle, even as a neighbour', shown, 'n1', 's1', 'vehicle', 'hidden'],
    ['a station does not see the other county’s depot (it may draw only by a cross-county plan)', shown, 'n1', 'south', 'supplySite', 'hidden'],
    ['a county sees the other county’s depot as a neighbour', shown, 'north', 's1', 'supplySite', 'neighbour'],
    ['… and not without the setting', plain, 'north', 's1', 'supplySite', 'hidden'],
    ['a county sees the city’s own vehicle as a neighbour', shown, 'south', 'city', 'vehicle', 'neighbour'],
    ['a county does not see the other county’s requests', shown, 'north', 's1', 'request', 'hidden'],
    ['a county does not see the city’s users', shown, 'north', 'city', 'user', 'hidden'],
    ['a post sees its station’s vehicle as a neighbour', shown, 'n1p', 'n1', 'vehicle', 'neighbour'],
    ['a post does not see the other station’s vehicle (not under its parent)', shown, 'n1p', 'n2', 'vehicle', 'hidden'],
    ['the city sees a post officer’s audit entry', plain, 'city', 'n1p', 'audit', 'own'],
    ['a county sees its station officer’s audit entry', plain, 'north', 'n1', 'audit', 'own'],
    ['a station does not see a sibling station’s audit entries, even with neighbours shown', shown, 'n1', 'n2', 'audit', 'hidden'],
    ['a station does not see its county’s audit entries', shown, 'n1', 'north', 'audit', 'hidden'],
    ['a county does not see the city’s own audit entries', shown, 'north', 'city', 'audit', 'hidden'],
    ['a county sees a drill its station ran', plain, 'south', 's1', 'drill', 'own'],
    ['a station does not see a sibling’s drill', shown, 's1', 's2', 'drill', 'hidden'],
    ['a row of an unknown unit is hidden', shown, 'city', 'ghost', 'vehicle', 'hidden'],
    ['a console of an unknown unit sees nothing', shown, 'ghost', 'n1', 'vehicle', 'hidden'],
  ])('%s', (_why, settings, consoleUnitId, rowUnitId, kind, expected) => {
    expect(visibility(tree, settings, consoleUnitId, { unitId: rowUnitId, kind })).toBe(expected);
  });
});

describe('mayDrawFrom', () => {
  it.each<[string, string, string, ReturnType<typeof mayDrawFrom>]>([
    ['a station from its county’s depot', 'n1', 'north', 'own_county'],
    ['a station from its own quick-pick point', 'n1', 'n1', 'own_county'],
    ['a station from a sibling station’s site', 'n1', 'n2', 'own_county'],
    ['a post as its station: from the county', 'n1p', 'north', 'own_county'],
    ['a post as its station: from the sibling station', 'n1p', 'n2', 'own_county'],
    ['a county’s own post from its county', 'sp', 's1', 'own_county'],
    ['a county from its station’s site', 'south', 's2', 'own_county'],
    ['a station from another county', 'n1', 's1', 'cross_county'],
    ['a post from another county’s post', 'n1p', 'sp', 'cross_county'],
    ['a county from another county', 'north', 'south', 'cross_county'],
    ['a station from the city’s own reserve', 's1', 'city', 'cross_county'],
    ['the city raises no request of its own', 'city', 'n1', 'not_allowed'],
    ['an unknown request unit', 'ghost', 'n1', 'not_allowed'],
    ['an unknown site unit', 'n1', 'ghost', 'not_allowed'],
  ])('%s', (_why, requestUnitId, siteUnitId, expected) => {
    expect(mayDrawFrom(tree, requestUnitId, siteUnitId)).toBe(expected);
  });
});

describe('approvalNeeded', () => {
  const src = (siteUnitId: string, units: number, belowSafety = false) => ({ siteUnitId, units, belowSafety });
  const city = { level: 'city', unitId: 'city' } as const;
  const north = { level: 'county', unitId: 'north' } as const;
  const south = { level: 'county', unitId: 'south' } as const;
  it.each<[string, Allocation, { level: 'city' | 'county'; unitId: string } | null, ApprovalReason[]]>([
    ['an in-county plan, small, above safety: no approval', { requestUnitId: 'n1', sources: [src('north', 200), src('n2', 50)], meetsDeadlineInCounty: true }, null, []],
    ['no sources at all: nothing to approve', { requestUnitId: 'n1', sources: [], meetsDeadlineInCounty: false }, null, []],
    ['just under the threshold: no approval', { requestUnitId: 'n1', sources: [src('north', 999)], meetsDeadlineInCounty: true }, null, []],
    ['a large in-county allocation: the county that owns the stock', { requestUnitId: 'n1', sources: [src('north', 1000)], meetsDeadlineInCounty: true }, north, ['large_allocation']],
    ['large only when its sources are added up (no dodging by splitting)', { requestUnitId: 's1', sources: [src('south', 600), src('s2', 400)], meetsDeadlineInCounty: true }, south, ['large_allocation']],
    ['an in-county plan taking a depot below safety: the duty officer’s confirmation, no approval', { requestUnitId: 'n1p', sources: [src('north', 10, true)], meetsDeadlineInCounty: true }, null, []],
    ['a county post’s plan below safety: the same', { requestUnitId: 'sp', sources: [src('s1', 10, true)], meetsDeadlineInCounty: true }, null, []],
    ['an in-county plan both below safety and large: the county, for its size', { requestUnitId: 'n1', sources: [src('north', 1000, true)], meetsDeadlineInCounty: true }, north, ['below_safety', 'large_allocation']],
    ['large once the request’s orders already on their way are counted', { requestUnitId: 'n1', sources: [src('north', 300)], meetsDeadlineInCounty: true, alreadyAllocated: 700 }, north, ['large_allocation']],
    ['a cross-county plan because no in-county plan was in time: the city, with why', { requestUnitId: 'n1', sources: [src('s1', 10)], meetsDeadlineInCounty: false }, city, ['cross_county', 'in_county_late']],
    ['a cross-county plan sparing the county’s safety stock: the city', { requestUnitId: 'n1', sources: [src('north', 10), src('s1', 10)], meetsDeadlineInCounty: true }, city, ['cross_county']],
    ['a cross-county plan that is also large: the city (the stock of two counties)', { requestUnitId: 'n1', sources: [src('north', 500), src('s1', 500)], meetsDeadlineInCounty: false }, city, ['cross_county', 'in_county_late', 'large_allocation']],
    ['a cross-county plan taking the other county below safety: the city', { requestUnitId: 'n2', sources: [src('s2', 10, true)], meetsDeadlineInCounty: false }, city, ['cross_county', 'in_county_late', 'below_safety']],
    ['drawing on the city’s own reserve: the city', { requestUnitId: 's1', sources: [src('city', 5)], meetsDeadlineInCounty: true }, city, ['cross_county']],
  ])('%s', (_why, allocation, approver, reasons) => {
    expect(approvalNeeded(tree, shown, allocation)).toEqual({ approver, reasons });
  });

  it.each<[string, Allocation]>([
    ['a request of the city itself', { requestUnitId: 'city', sources: [src('north', 1)], meetsDeadlineInCounty: true }],
    ['a source of a unit nobody knows', { requestUnitId: 'n1', sources: [src('north', 1), src('ghost', 1)], meetsDeadlineInCounty: true }],
  ])('refuses %s: no approval makes it right', (_why, allocation) => {
    expect(approvalNeeded(tree, shown, allocation)).toMatchObject({ code: 'not_allowed' });
  });

  it('follows the configured threshold', () => {
    const a: Allocation = { requestUnitId: 'n1', sources: [src('north', 50)], meetsDeadlineInCounty: true };
    expect(approvalNeeded(tree, { ...shown, largeAllocationUnits: 50 }, a)).toEqual({ approver: north, reasons: ['large_allocation'] });
  });
});

describe('mayApprove', () => {
  const forCity = { approver: { level: 'city', unitId: 'city' } } as const;
  const forNorth = { approver: { level: 'county', unitId: 'north' } } as const;
  it.each<[string, Role, string, { approver: { level: 'city' | 'county'; unitId: string } | null }, boolean]>([
    ['a city supervisor approves a cross-county plan', 'supervisor', 'city', forCity, true],
    ['a county supervisor does not approve a cross-county plan', 'supervisor', 'north', forCity, false],
    ['a station supervisor does not approve a cross-county plan', 'supervisor', 'n1', forCity, false],
    ['the county’s own supervisor approves its large allocation', 'supervisor', 'north', forNorth, true],
    ['a city supervisor may stand in for the county', 'supervisor', 'city', forNorth, true],
    ['another county’s supervisor may not', 'supervisor', 'south', forNorth, false],
    ['a supervisor of a station below the county may not', 'supervisor', 'n1', forNorth, false],
    ['a supervisor of a post below the county may not', 'supervisor', 'n1p', forNorth, false],
    ['a duty officer of the city may not, even for the city', 'duty', 'city', forCity, false],
    ['a duty officer of the county may not', 'duty', 'north', forNorth, false],
    ['an administrator may not (separation of duties)', 'admin', 'city', forCity, false],
    ['a wall may not', 'wall', 'city', forCity, false],
    ['a supervisor of a unit the tree does not know may not', 'supervisor', 'ghost', forNorth, false],
    ['nothing to approve: any supervisor', 'supervisor', 'n1', { approver: null }, true],
    ['nothing to approve: still not a duty officer', 'duty', 'n1', { approver: null }, false],
  ])('%s', (_why, role, unitId, needed, expected) => {
    const r = mayApprove(tree, { role, unitId }, needed);
    if (expected) expect(r).toBe(true);
    else expect(r).toMatchObject({ code: 'no_authority' });
  });
});

/** A random command: a city, 1–4 counties (side by side), stations and posts under random parents as PARENT_KINDS allows. */
function randomTree(rand: () => number): UnitTree {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const counties = 1 + Math.floor(rand() * 4);
  const units: Unit[] = [unit('c', 'city', null, box(0, 0, counties, 1))];
  for (let i = 0; i < counties; i++) units.push(unit(`k${i}`, 'county', 'c', box(i, 0, i + 1, 1)));
  const stations = Math.floor(rand() * 8);
  for (let i = 0; i < stations; i++) units.push(unit(`s${i}`, 'station', `k${Math.floor(rand() * counties)}`));
  const posts = Math.floor(rand() * 8);
  for (let i = 0; i < posts; i++) {
    const parents = units.filter((u) => u.kind === 'station' || u.kind === 'county');
    units.push(unit(`p${i}`, 'post', pick(parents).id));
  }
  const checked = checkUnitTree(units);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.tree;
}

describe('visibility agrees with subtree on random trees', () => {
  it('a row is own for a console iff its unit is in the console’s subtree; neighbour and source only where allowed', () => {
    const rand = seededRandom(16);
    let rows = 0;
    for (let t = 0; t < 120; t++) {
      const tree = randomTree(rand);
      const settings: ScopeSettings = { showNeighbours: rand() < 0.5, largeAllocationUnits: 1000 };
      for (const consoleId of tree.order) {
        const mine = new Set(subtree(tree, consoleId));
        const parent = tree.nodes.get(consoleId)!.unit.parentId;
        const parents = parent === null ? new Set<string>() : new Set(subtree(tree, parent));
        for (const rowUnit of tree.order) {
          for (const kind of SCOPED_ROW_KINDS) {
            rows++;
            const v = visibility(tree, settings, consoleId, { unitId: rowUnit, kind });
            expect(v === 'own', `${consoleId} sees ${kind} of ${rowUnit} as ${v}`).toBe(mine.has(rowUnit));
            if (v === 'neighbour') expect(settings.showNeighbours && parents.has(rowUnit)).toBe(true);
            if (v === 'source') expect(kind === 'supplySite' && mayDrawFrom(tree, consoleId, rowUnit) === 'own_county').toBe(true);
          }
        }
      }
    }
    expect(rows).toBeGreaterThan(10_000);
  });
});
