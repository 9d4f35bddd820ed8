/**
 * Synthetic `.osm.pbf` extracts for the city import benchmark: K copies of a real extract
 * laid out on a grid, each with its own ids, joined to its neighbours by two-way primary
 * roads between the outermost nodes of the source's main road network, so the copies make
 * one drivable city K times the size (nodes, ways, buildings, file bytes).
 *
 * The writer is the format's plain subset our reader and every OSM tool read: an OSMHeader
 * blob, then OSMData blobs (zlib) of dense nodes, then of ways, 8,000 to a block, strings
 * per block (city/osm-pbf-writer.ts). Relations are copied too (the import draws multipolygons).
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { denseBlock, frame, headerBlock, relationBlock, wayBlock, type OsmNode } from '../city/osm-pbf-writer';
import { importRoads } from '../city/osm-import';
import { blobPayload, decodePrimitiveBlock, frameHeaderLength, parseBlobHeader, type OsmRelation, type OsmWay } from '../shared/city/osm-pbf';
import { buildRoadGraph, largestStronglyConnected } from '../shared/routing/road-graph';

// ---------- the source, read once

export type SourceExtract = { nodes: OsmNode[]; ways: OsmWay[]; relations: OsmRelation[]; bbox: [number, number, number, number] };

export function readExtract(path: string): SourceExtract {
  const buf = new Uint8Array(readFileSync(path));
  const nodes: OsmNode[] = [];
  const relations: OsmRelation[] = [];
  const tagged = new Map<number, Record<string, string>>();
  const ways: OsmWay[] = [];
  let off = 0;
  while (off < buf.length) {
    const hl = frameHeaderLength(buf.subarray(off, off + 4), off);
    const h = parseBlobHeader(buf.subarray(off + 4, off + 4 + hl), off);
    const start = off + 4 + hl;
    if (h.type === 'OSMData') {
      const data = blobPayload(buf.subarray(start, start + h.datasize), start, (d) => inflateSync(d));
      decodePrimitiveBlock(data, start, {
        node: (id, lon, lat) => nodes.push({ id, lon, lat, tags: null }),
        taggedNodeKey: 'place',
        taggedNode: (id, _lon, _lat, tags) => tagged.set(id, tags),
        way: (w) => ways.push(w),
        relation: (r) => relations.push(r),
      });
    }
    off = start + h.datasize;
  }
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const node of nodes) {
    node.tags = tagged.get(node.id) ?? null;
    w = Math.min(w, node.lon);
    e = Math.max(e, node.lon);
    s = Math.min(s, node.lat);
    n = Math.max(n, node.lat);
  }
  nodes.sort((a, b) => a.id - b.id);
  ways.sort((a, b) => a.id - b.id);
  relations.sort((a, b) => a.id - b.id);
  return { nodes, ways, relations, bbox: [w, s, e, n] };
}

/** Node ids of the source's main road network at its west, east, south and north edges. */
export type Joins = { west: number; east: number; south: number; north: number };

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/**
 * The source's main road network (the part every vehicle can reach and leave, by the import's
 * own rules): its vertices, and the OSM nodes at its four edges where copies are joined.
 */
export function mainRoads(src: SourceExtract, path: string): { joins: Joins; vertices: [number, number][] } {
  const { roads } = importRoads(path);
  const g = buildRoadGraph(roads.ways);
  const main = largestStronglyConnected(g);
  const vertices: [number, number][] = [];
  for (let i = 0; i < g.nodeCount; i++) if (main[i]) vertices.push([g.nodeLon[i]!, g.nodeLat[i]!]);
  const idAt = new Map<string, number>();
  for (const n of src.nodes) idAt.set(`${round7(n.lon)},${round7(n.lat)}`, n.id);
  const extreme = (better: (a: [number, number], b: [number, number]) => boolean) => {
    let best = vertices[0]!;
    for (const v of vertices) if (better(v, best)) best = v;
    const id = idAt.get(`${round7(best[0])},${round7(best[1])}`);
    if (id === undefined) throw new Error(`no OSM node at ${best.join(',')}`);
    return id;
  };
  const joins = {
    west: extreme((a, b) => a[0] < b[0]),
    east: extreme((a, b) => a[0] > b[0]),
    south: extreme((a, b) => a[1] < b[1]),
    north: extreme((a, b) => a[1] > b[1]),
  };
  return { joins, vertices };
}

const BLOCK = 8000;
/** Each copy's ids lie in their own range: beyond any real OSM id (about 1.3e10 today). */
const ID_STRIDE = 2 ** 36;

/** The grid: ⌈√copies⌉ columns, each copy a bounding box (and 2 %) from the next. */
function grid(src: SourceExtract, copies: number) {
  const cols = Math.ceil(Math.sqrt(copies));
  const rows = Math.ceil(copies / cols);
  const [w, s, e, n] = src.bbox;
  return { cols, rows, dx: (e - w) * 1.02, dy: (n - s) * 1.02 };
}

/** How far copy `i` lies from the source, in degrees. */
export function copyOffset(src: SourceExtract, copies: number, i: number): { dlon: number; dlat: number } {
  const { cols, dx, dy } = grid(src, copies);
  return { dlon: (i % cols) * dx, dlat: Math.floor(i / cols) * dy };
}

/**
 * Writes `copies` copies of the source to `out`, on a grid of ⌈√copies⌉ columns, joined
 * east–west and north–south at `joins`. Returns the file's size in bytes.
 */
export function writeSynthetic(src: SourceExtract, copies: number, joins: Joins, out: string): number {
  const { cols, rows, dx, dy } = grid(src, copies);
  const [w, s] = src.bbox;
  const at = (i: number) => ({ cx: i % cols, cy: Math.floor(i / cols) });
  const fd = openSync(out, 'w');
  let bytes = 0;
  const put = (type: 'OSMHeader' | 'OSMData', block: Uint8Array) => {
    const f = frame(type, block);
    writeSync(fd, f);
    bytes += f.length;
  };
  try {
    put('OSMHeader', headerBlock([w, s, w + dx * cols, s + dy * rows]));
    for (let i = 0; i < copies; i++) {
      const { cx, cy } = at(i);
      const base = (i + 1) * ID_STRIDE;
      for (let k = 0; k < src.nodes.length; k += BLOCK) {
        put('OSMData', denseBlock(src.nodes.slice(k, k + BLOCK).map((nd) => ({ id: base + nd.id, lon: nd.lon + cx * dx, lat: nd.lat + cy * dy, tags: nd.tags }))));
      }
    }
    const joinWays: OsmWay[] = [];
    let joinId = 1;
    for (let i = 0; i < copies; i++) {
      const { cx, cy } = at(i);
      const base = (i + 1) * ID_STRIDE;
      const right = cx + 1 < cols && i + 1 < copies ? i + 1 : -1;
      const up = i + cols < copies ? i + cols : -1;
      if (right >= 0) joinWays.push({ id: joinId++, tags: { highway: 'primary', name: `Link ${cx}-${cy} east` }, refs: [base + joins.east, (right + 1) * ID_STRIDE + joins.west] });
      if (up >= 0) joinWays.push({ id: joinId++, tags: { highway: 'primary', name: `Link ${cx}-${cy} north` }, refs: [base + joins.north, (up + 1) * ID_STRIDE + joins.south] });
    }
    for (let i = 0; i < copies; i++) {
      const base = (i + 1) * ID_STRIDE;
      for (let k = 0; k < src.ways.length; k += BLOCK) {
        put('OSMData', wayBlock(src.ways.slice(k, k + BLOCK).map((wy) => ({ id: base + wy.id, tags: wy.tags, refs: wy.refs.map((r) => base + r) }))));
      }
    }
    for (let k = 0; k < joinWays.length; k += BLOCK) put('OSMData', wayBlock(joinWays.slice(k, k + BLOCK)));
    for (let i = 0; i < copies; i++) {
      const base = (i + 1) * ID_STRIDE;
      for (let k = 0; k < src.relations.length; k += BLOCK) {
        put('OSMData', relationBlock(src.relations.slice(k, k + BLOCK).map((r) => ({ id: base + r.id, tags: r.tags, members: r.members.map((m) => ({ ...m, ref: base + m.ref })) }))));
      }
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}
