import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { polygonPosition } from '../polygon';
import { DEMO_CITY_UNIT_ID, demoUnits } from './demo-tree';
import { unitListSchema } from './schema';
import { checkUnitTree, countyOf, unitsByPosition, type UnitTree } from './tree';

type Placed = { id: string; kind?: string; lon: number; lat: number };
const read = (path: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8'));
/** The hand-written sites (always here) and, when the demo city is built, where the build snapped them and the fleet starts. */
const seedSites = (read('../../resources/demo-city/sites.json') as { sites: Placed[] }).sites;
const BUILT = fileURLToPath(new URL('../../resources/demo-city/build/city.json', import.meta.url));
const built = existsSync(BUILT) ? (JSON.parse(readFileSync(BUILT, 'utf8')) as { bounds: number[]; sites: Placed[]; vehicleStarts: Record<string, [number, number]> }) : null;

function demoTree(): UnitTree {
  const checked = checkUnitTree(unitListSchema.parse(demoUnits()));
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems, null, 1));
  return checked.tree;
}

describe('the demo command tree', () => {
  const tree = demoTree();
  const counties = tree.order.filter((id) => tree.nodes.get(id)!.unit.kind === 'county');

  it('is a valid tree: a city, 3–4 counties, 2–4 stations each, posts', () => {
    expect(tree.rootId).toBe(DEMO_CITY_UNIT_ID);
    expect(counties.length).toBeGreaterThanOrEqual(3);
    expect(counties.length).toBeLessThanOrEqual(4);
    for (const c of counties) {
      const stations = tree.nodes.get(c)!.children.filter((id) => tree.nodes.get(id)!.unit.kind === 'station');
      expect(stations.length, c).toBeGreaterThanOrEqual(2);
      expect(stations.length, c).toBeLessThanOrEqual(4);
    }
    expect(tree.order.some((id) => tree.nodes.get(id)!.unit.kind === 'post')).toBe(true);
  });

  it('covers the demo roads’ bounds', () => {
    const [w, s, e, n] = built?.bounds ?? [11.8717668, 57.6520038, 12.0935316, 57.7542523];
    for (const [x, y] of [[w, s], [e, s], [e, n], [w, n]] as const) expect(polygonPosition(x!, y!, tree.nodes.get(tree.rootId)!.rings!)).toBe('inside');
  });

  const sites = [...seedSites.map((s) => ['seed', s] as const), ...(built?.sites ?? []).map((s) => ['built', s] as const)];
  it.each(sites.map(([from, s]) => [`${s.id} (${from})`, s] as const))('puts %s in exactly one county, strictly inside it', (_name, site) => {
    const inside = counties.filter((c) => polygonPosition(site.lon, site.lat, tree.nodes.get(c)!.rings!) === 'inside');
    expect(inside).toHaveLength(1);
    const unitId = unitsByPosition(tree, [site]).get(site.id);
    expect(unitId).not.toBeNull();
    expect(countyOf(tree, unitId!)).toBe(inside[0]);
  });

  it('gives every county a depot or quick-pick point, so each can plan in-county', () => {
    const placed = unitsByPosition(tree, seedSites);
    const withStock = new Set(seedSites.map((s) => countyOf(tree, placed.get(s.id)!)));
    expect([...withStock].sort()).toEqual([...counties].sort());
  });

  it.skipIf(!built)('puts every vehicle’s start in a county', () => {
    const starts = Object.entries(built!.vehicleStarts).map(([id, [lon, lat]]) => ({ id, lon, lat }));
    for (const [id, unitId] of unitsByPosition(tree, starts)) expect(unitId && countyOf(tree, unitId), id).toBeTruthy();
  });
});
