import type { Unit, UnitArea, UnitKind } from '../schema';
import { checkUnitTree, type UnitTree } from '../tree';

/** An axis-aligned box as a unit's area, with optional box holes. */
export function box(x0: number, y0: number, x1: number, y1: number, ...holes: [number, number, number, number][]): UnitArea {
  const ring = (a: number, b: number, c: number, d: number): [number, number][] => [
    [a, b],
    [c, b],
    [c, d],
    [a, d],
    [a, b],
  ];
  return { type: 'Polygon', coordinates: [ring(x0, y0, x1, y1), ...holes.map((h) => ring(...h))] };
}

export const unit = (id: string, kind: UnitKind, parentId: string | null, area: UnitArea | null = null): Unit => ({ id, kind, name: id, nameEn: id, parentId, area });

/**
 * A small command on a 4 × 4 plane:
 *   city (0,0)–(4,4)
 *   ├─ north (0,2)–(4,4): station n1 (0,2)–(2,4) with post n1p; station n2 (2,2)–(4,4)
 *   └─ south (0,0)–(4,2): station s1 (0,0)–(2,2) with a hole (0.5,0.5)–(1,1); station s2 with no
 *      area; post sp run by the county itself
 */
export function fixtureUnits(): Unit[] {
  return [
    unit('city', 'city', null, box(0, 0, 4, 4)),
    unit('north', 'county', 'city', box(0, 2, 4, 4)),
    unit('south', 'county', 'city', box(0, 0, 4, 2)),
    unit('n1', 'station', 'north', box(0, 2, 2, 4)),
    unit('n2', 'station', 'north', box(2, 2, 4, 4)),
    unit('n1p', 'post', 'n1'),
    unit('s1', 'station', 'south', box(0, 0, 2, 2, [0.5, 0.5, 1, 1])),
    unit('s2', 'station', 'south'),
    unit('sp', 'post', 'south'),
  ];
}

export function fixtureTree(): UnitTree {
  const checked = checkUnitTree(fixtureUnits());
  if (!checked.ok) throw new Error(`the fixture tree is wrong: ${JSON.stringify(checked.problems)}`);
  return checked.tree;
}
