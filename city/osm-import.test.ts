import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OsmRelation, OsmWay } from '../shared/city/osm-pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { cutTiles } from './basemap';
import { importRoads, type ImportStage } from './osm-import';
import { writeOsmPbf, type OsmNode } from './osm-pbf-writer';

const dir = mkdtempSync(join(tmpdir(), 'jb-osm-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small town: a road square round a lake with an island, and a park whose ring the extract cut. */
function town(relations: boolean): string {
  const nodes: OsmNode[] = [];
  const node = (id: number, lon: number, lat: number) => nodes.push({ id, lon, lat, tags: null });
  // Roads: a square 0.02° a side.
  node(1, 120.0, 30.0);
  node(2, 120.02, 30.0);
  node(3, 120.02, 30.02);
  node(4, 120.0, 30.02);
  // The lake: 0.004–0.016, its outer ring in two untagged ways (the second drawn backwards).
  node(11, 120.004, 30.004);
  node(12, 120.016, 30.004);
  node(13, 120.016, 30.016);
  node(14, 120.004, 30.016);
  // The island: 0.008–0.012.
  node(21, 120.008, 30.008);
  node(22, 120.012, 30.008);
  node(23, 120.012, 30.012);
  node(24, 120.008, 30.012);
  // The park: one way of its ring is missing from the extract.
  node(31, 120.001, 30.001);
  node(32, 120.003, 30.001);
  node(33, 120.003, 30.003);
  const ways: OsmWay[] = [
    { id: 100, tags: { highway: 'residential', name: '环湖路' }, refs: [1, 2, 3, 4, 1] },
    { id: 201, tags: {}, refs: [11, 12, 13] },
    { id: 202, tags: {}, refs: [11, 14, 13] },
    { id: 203, tags: {}, refs: [21, 22, 23, 24, 21] },
    { id: 301, tags: {}, refs: [31, 32, 33] },
  ];
  const rels: OsmRelation[] = [
    {
      id: 900,
      tags: { type: 'multipolygon', natural: 'water', name: 'West Lake', 'name:zh': '西湖' },
      members: [
        { type: 'way', ref: 201, role: 'outer' },
        { type: 'way', ref: 202, role: 'outer' },
        { type: 'way', ref: 203, role: 'inner' },
        { type: 'node', ref: 21, role: '' },
      ],
    },
    { id: 901, tags: { type: 'multipolygon', leisure: 'park' }, members: [{ type: 'way', ref: 301, role: 'outer' }, { type: 'way', ref: 302, role: 'outer' }] },
    // Not an area: a route relation over the road is no polygon.
    { id: 902, tags: { type: 'route', route: 'bus' }, members: [{ type: 'way', ref: 100, role: '' }] },
  ];
  const path = join(dir, `town-${relations}.osm.pbf`);
  writeOsmPbf(path, { bbox: [120, 30, 120.02, 30.02], nodes, ways, relations: relations ? rels : [] });
  return path;
}

describe('importing multipolygons', () => {
  it('draws a lake made of several ways, with its island as a hole, named in Chinese; a ring the extract cut is left out', () => {
    const stages = new Set<ImportStage>();
    const { map, summary } = importRoads(town(true), { onProgress: (p) => stages.add(p.stage) });
    const areas = Array.from({ length: map.areas.length }, (_, i) => map.areas.feature(i));
    expect(areas.map((f) => f.properties)).toEqual([{ class: 'water', name: '西湖' }]);
    const rings = areas[0]!.geometry.coordinates as number[][][];
    expect(rings).toHaveLength(2);
    // The outer ring goes round the lake through all four corners and closes; the hole is the island.
    expect(rings[0]![0]).toEqual(rings[0]!.at(-1));
    expect(new Set(rings[0]!.map((p) => p.join(',')))).toEqual(new Set(['120.004,30.004', '120.016,30.004', '120.016,30.016', '120.004,30.016']));
    expect(rings[1]).toEqual([[120.008, 30.008], [120.012, 30.008], [120.012, 30.012], [120.008, 30.012], [120.008, 30.008]]);
    expect(summary).toMatchObject({ multipolygons: 1, mapAreas: 1, roads: 1 });
    expect([...stages]).toEqual(['reading_ways', 'reading_areas', 'reading_nodes', 'building_graph']);
    // Cut into a tile, the lake is one feature of two rings: the shore, and the island as a hole
    // (its winding the other way round, which is how a vector tile says "hole").
    const tiles = [...cutTiles({ areas: map.areas }, summary.bounds)].filter((t) => t.z === 15);
    const lakes = tiles.flatMap((t) => {
      const layer = new VectorTile(new PbfReader(t.data)).layers.areas;
      return layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i)) : [];
    });
    const whole = lakes.find((f) => f.loadGeometry().length === 2);
    expect(whole, 'a tile with the lake and its island').toBeDefined();
    expect(whole!.properties).toEqual({ class: 'water', name: '西湖' });
    const signedArea = (ring: { x: number; y: number }[]) => ring.reduce((a, p, i) => { const q = ring[(i + 1) % ring.length]!; return a + p.x * q.y - q.x * p.y; }, 0);
    const [shore, island] = whole!.loadGeometry();
    expect(Math.sign(signedArea(shore!))).toBe(-Math.sign(signedArea(island!)));
  });

  it('reads the file only twice where it has no multipolygon', () => {
    const stages = new Set<ImportStage>();
    const { map, summary } = importRoads(town(false), { onProgress: (p) => stages.add(p.stage) });
    expect(map.areas.length).toBe(0);
    expect(summary.multipolygons).toBe(0);
    expect([...stages]).toEqual(['reading_ways', 'reading_nodes', 'building_graph']);
  });
});
