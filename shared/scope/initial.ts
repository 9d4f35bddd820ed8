import { demoUnits } from './demo-tree';
import type { Unit } from './schema';
import { checkUnitTree, unitAt } from './tree';

/**
 * The tree a central starts with, once (administrators edit it from there): over the demo city,
 * the demo's tree (its city area holds the whole city); over any other city, the city alone,
 * its area the city's bounds — every row is the city's and every console sees all of it until
 * an administrator adds the counties.
 */
export function initialUnits(cityName: string, bounds: readonly [west: number, south: number, east: number, north: number]): Unit[] {
  const demo = demoUnits();
  const checked = checkUnitTree(demo);
  const [w, s, e, n] = bounds;
  if (checked.ok && [[w, s], [e, s], [e, n], [w, n]].every(([x, y]) => unitAt(checked.tree, x!, y!) !== null)) return demo;
  const ring: [number, number][] = [[w, s], [e, s], [e, n], [w, n], [w, s]];
  const name = cityName.slice(0, 60) || 'city';
  return [{ id: 'unit-city', kind: 'city', name: `${name}指挥中心`, nameEn: `${name} Command Center`, parentId: null, area: { type: 'Polygon', coordinates: [ring] } }];
}
