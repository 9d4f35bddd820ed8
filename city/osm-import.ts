/**
 * Reads a city's drivable roads out of an OpenStreetMap `.osm.pbf` extract, in two passes
 * over the file, one blob at a time: first the ways and relations (drivable ways kept, the
 * ways the base map draws kept as node ids, multipolygon relations noted), then the nodes
 * (only the noted ones keep their position). Where there are multipolygons (a river, a lake
 * with islands, a park in pieces), the blocks that held ways are read once more in between,
 * for the member ways (mostly untagged, so passed over the first time). Memory follows what
 * is drawn and routed, not the file: a prefecture's extract is mostly nodes nobody uses.
 *
 * Synchronous and CPU-bound: callers run it in a worker (import-worker.ts) or a script, never
 * on a thread that answers the board.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { blobPayload, decodePrimitiveBlock, frameHeaderLength, OsmPbfError, parseBlobHeader, parseHeaderBlock, type OsmWay } from '../shared/city/osm-pbf';
import { assembleRings, polygonsOf } from './multipolygon';
import { OSM_ATTRIBUTION, type RoadsFile } from '../shared/city/roads-file';
import { areaClass, labelName, PLACE_CLASSES } from '../shared/city/map-features';
import { haversineM, isDrivable, roundCoord, tileRoadClass, toDrivableWay, type DrivableWay, type OsmWayTags } from '../shared/city/roads';
import type { Feature } from './basemap';
import { joinCoastline, seaPolygons } from './coastline';
import { FeatureStore } from './feature-store';
import { buildRoadGraph, largestStronglyConnected, type RoadGraph } from '../shared/routing/road-graph';

/** A road graph with its largest strongly connected part (1 per node in it). */
export type RoadNetwork = { graph: RoadGraph; inMain: Uint8Array };

export type ImportStage = 'reading_ways' | 'reading_areas' | 'reading_nodes' | 'building_graph';
export type ImportProgress = { stage: ImportStage; /** 0..1 within the stage. */ fraction: number };

export type CityImportErrorCode = OsmPbfError['code'] | 'no_roads' | 'cancelled' | 'unreadable' | 'no_space';
export class CityImportError extends Error {
  constructor(
    readonly code: CityImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type RoadsSummary = {
  /** Drivable ways kept (split where the extract cut them). */
  roads: number;
  roadKm: number;
  oneWays: number;
  graphNodes: number;
  graphEdges: number;
  /** Share of graph nodes in the largest part every vehicle can reach and leave. */
  connectedShare: number;
  bounds: [number, number, number, number];
  areaKm2: number;
  /** Ways whose nodes the extract lacks in part (clipped at its border). */
  clippedWays: number;
  /** What the base map draws besides the roads (areas counts each polygon of a multipolygon). */
  mapAreas: number;
  /** Multipolygon relations drawn (at least one closed outer ring inside the extract). */
  multipolygons: number;
  /**
   * The sea from the coastline: 'drawn', 'none' (no coast in the extract), or 'broken' (a coast
   * that ends inside the city: no sea drawn rather than the land flooded).
   */
  sea: 'none' | 'drawn' | 'broken';
  buildings: number;
  places: number;
  fileBytes: number;
  ms: number;
};

/** The base map's layers (city-build.ts cuts them into tiles); the big ones kept compact (feature-store.ts). */
export type MapLayers = { roads: FeatureStore; areas: FeatureStore; buildings: FeatureStore; places: Feature[] };

export type ImportOptions = {
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
};

type Blob = { type: string; offset: number; data: Uint8Array };

/** The blob whose frame starts at `offset`, and where the next one starts. */
function readBlobAt(fd: number, size: number, offset: number): Blob & { next: number } {
  const four = new Uint8Array(4);
  if (size - offset < 4) throw new OsmPbfError('truncated', `the file ends inside a blob frame at byte ${offset}`);
  readExactly(fd, four, offset);
  const headerLength = frameHeaderLength(four, offset);
  if (offset + 4 + headerLength > size) throw new OsmPbfError(offset === 0 ? 'not_osm' : 'truncated', offset === 0 ? 'this is not an OpenStreetMap PBF file' : `the file ends inside the blob header at byte ${offset}`);
  const header = new Uint8Array(headerLength);
  readExactly(fd, header, offset + 4);
  const { type, datasize } = parseBlobHeader(header, offset);
  const start = offset + 4 + headerLength;
  if (start + datasize > size) throw new OsmPbfError('truncated', `the file is cut short: a blob at byte ${offset} needs ${datasize} bytes, ${size - start} are left`);
  const data = new Uint8Array(datasize);
  readExactly(fd, data, start);
  return { type, offset, data, next: start + datasize };
}

/** Every blob of the file, in order, one at a time (the previous one is garbage by then). */
function* blobs(fd: number, size: number, signal: AbortSignal | undefined, progress: (offset: number) => void): Generator<Blob> {
  let offset = 0;
  while (offset < size) {
    if (signal?.aborted) throw new CityImportError('cancelled', 'the import was cancelled');
    progress(offset);
    const b = readBlobAt(fd, size, offset);
    yield b;
    offset = b.next;
  }
  progress(size);
}

function readExactly(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new OsmPbfError('truncated', `the file ends at byte ${position + done}`);
    done += n;
  }
}

const inflate = (data: Uint8Array, rawSize: number): Uint8Array => {
  const out = inflateSync(data, { maxOutputLength: rawSize + 1 });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
};

/** Sorted, distinct ids, and a lookup of an id's slot. */
function idIndex(ids: number[]): { sorted: Float64Array; slotOf: (id: number) => number } {
  const all = Float64Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[n - 1]) all[n++] = all[i]!;
  const sorted = all.subarray(0, n);
  return {
    sorted,
    slotOf(id) {
      let lo = 0;
      let hi = sorted.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = sorted[mid]!;
        if (v === id) return mid;
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
  };
}

/** Reads the drivable roads of an `.osm.pbf` extract. Throws CityImportError / OsmPbfError with a reason an administrator can act on. */
export type ImportedRoads = {
  roads: RoadsFile;
  summary: RoadsSummary;
  map: MapLayers;
  /** The road graph of `roads.ways` and its main component, built for the summary: the seed reuses them. */
  network: RoadNetwork;
};

export function importRoads(path: string, opts: ImportOptions = {}): ImportedRoads {
  const t0 = performance.now();
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new CityImportError('unreadable', `cannot open ${path}: ${(e as Error).message}`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw new OsmPbfError('not_osm', 'the file is empty');
    const report = (stage: ImportStage) => (offset: number) => opts.onProgress?.({ stage, fraction: size > 0 ? offset / size : 1 });

    // Pass 1: the drivable ways, the ways the base map draws, and the nodes they need. The
    // drawn ways (mostly buildings) keep only their node ids, end to end, and their layer,
    // class and name: not their tags, which were most of an import's memory.
    const ways: OsmWay[] = [];
    const LAYERS = ['roads', 'areas', 'buildings'] as const;
    let drawnRefs = new Float64Array(1 << 16);
    const drawnStart: number[] = [0];
    const drawnLayer: number[] = [];
    const drawnCls: string[] = [];
    const drawnName: (string | null)[] = [];
    const draw = (w: OsmWay, layer: (typeof LAYERS)[number], cls: string) => {
      const at = drawnStart[drawnStart.length - 1]!;
      if (at + w.refs.length > drawnRefs.length) {
        const bigger = new Float64Array(Math.max(drawnRefs.length * 2, at + w.refs.length));
        bigger.set(drawnRefs);
        drawnRefs = bigger;
      }
      for (let k = 0; k < w.refs.length; k++) drawnRefs[at + k] = w.refs[k]!;
      drawnStart.push(at + w.refs.length);
      drawnLayer.push(LAYERS.indexOf(layer));
      drawnCls.push(cls);
      drawnName.push(layer !== 'buildings' && w.tags.name ? w.tags.name : null);
    };
    const needed: number[] = [];
    const coast: number[][] = [];
    // Multipolygons: their class and name, and their member ways by role; the blocks that held ways.
    const multis: { layer: 'areas' | 'buildings'; cls: string; name: string | null; outer: number[]; inner: number[] }[] = [];
    const memberWays = new Set<number>();
    const wayBlocks: number[] = [];
    let sawHeader = false;
    for (const b of blobs(fd, size, opts.signal, report('reading_ways'))) {
      const payload = blobPayload(b.data, b.offset, inflate);
      if (b.type === 'OSMHeader') {
        parseHeaderBlock(payload);
        sawHeader = true;
      } else if (b.type === 'OSMData') {
        let hadWays = false;
        decodePrimitiveBlock(payload, b.offset, {
          relation: (r) => {
            if (r.tags.type !== 'multipolygon') return;
            const cls = areaClass(r.tags);
            if (!cls) return;
            const outer: number[] = [];
            const inner: number[] = [];
            for (const m of r.members) {
              if (m.type !== 'way') continue;
              (m.role === 'inner' ? inner : outer).push(m.ref);
              memberWays.add(m.ref);
            }
            if (outer.length > 0) multis.push({ layer: cls === 'building' ? 'buildings' : 'areas', cls, name: cls === 'building' ? null : labelName(r.tags), outer, inner });
          },
          way: (w) => {
            hadWays = true;
            if (w.refs.length < 2) return;
            const tags = w.tags;
            // The coast: lines with the land on their left, joined and closed into the sea below.
            if (tags.natural === 'coastline') {
              coast.push(w.refs);
              for (const r of w.refs) needed.push(r);
              return;
            }
            // Labels read Chinese where the data has it (routing keeps the same name).
            const label = labelName(tags);
            if (label !== null) tags.name = label;
            const closed = w.refs.length >= 4 && w.refs[0] === w.refs[w.refs.length - 1];
            const area = closed ? areaClass(tags) : null;
            if (isDrivable(tags as OsmWayTags) && !(area && tags.area === 'yes')) ways.push(w);
            else if (area) draw(w, area === 'building' ? 'buildings' : 'areas', area);
            else if (typeof tags.highway === 'string') draw(w, 'roads', tileRoadClass(tags.highway));
            else return;
            for (const r of w.refs) needed.push(r);
          },
        });
        if (hadWays) wayBlocks.push(b.offset);
      }
    }
    if (!sawHeader) throw new OsmPbfError('not_osm', 'the file has no OSMHeader');
    // Pass 1b, only where there are multipolygons: their member ways, from the blocks that held ways.
    const memberRefs = new Map<number, number[]>();
    if (multis.length > 0) {
      for (let k = 0; k < wayBlocks.length; k++) {
        if (opts.signal?.aborted) throw new CityImportError('cancelled', 'the import was cancelled');
        opts.onProgress?.({ stage: 'reading_areas', fraction: k / wayBlocks.length });
        const b = readBlobAt(fd, size, wayBlocks[k]!);
        decodePrimitiveBlock(blobPayload(b.data, b.offset, inflate), b.offset, {
          way: (w) => {
            if (!memberWays.has(w.id)) return;
            memberRefs.set(w.id, w.refs);
            for (const r of w.refs) needed.push(r);
          },
        });
      }
      opts.onProgress?.({ stage: 'reading_areas', fraction: 1 });
    }
    memberWays.clear();
    // Each multipolygon's rings, as node ids (a ring with a member the extract lacks stays open and is left out).
    const ringsOf = (ids: number[]) => assembleRings(ids.flatMap((id) => (memberRefs.has(id) ? [memberRefs.get(id)!] : [])));
    const multiRings = multis.map((m) => ({ ...m, outer: ringsOf(m.outer), inner: ringsOf(m.inner) }));
    memberRefs.clear();
    if (ways.length === 0) throw new CityImportError('no_roads', 'the extract holds no drivable roads (no way with a highway tag cars may use): is it the right area, cut with its roads?');

    // Pass 2: positions of the needed nodes only.
    const index = idIndex(needed);
    needed.length = 0;
    const lon = new Float64Array(index.sorted.length).fill(Number.NaN);
    const lat = new Float64Array(index.sorted.length).fill(Number.NaN);
    const places: Feature[] = [];
    for (const b of blobs(fd, size, opts.signal, report('reading_nodes'))) {
      if (b.type !== 'OSMData') continue;
      decodePrimitiveBlock(blobPayload(b.data, b.offset, inflate), b.offset, {
        node: (id, x, y) => {
          const slot = index.slotOf(id);
          if (slot >= 0) {
            lon[slot] = x;
            lat[slot] = y;
          }
        },
        taggedNodeKey: 'place',
        taggedNode: (_id, x, y, tags) => {
          const name = labelName(tags);
          if (name && (PLACE_CLASSES as readonly string[]).includes(tags.place ?? '')) {
            places.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [roundCoord(x), roundCoord(y)] }, properties: { class: tags.place!, name } });
          }
        },
      });
    }

    // The ways with their coordinates; a way the extract clipped keeps its runs of known nodes.
    opts.onProgress?.({ stage: 'building_graph', fraction: 0 });
    const drivable: DrivableWay[] = [];
    let clippedWays = 0;
    for (const w of ways) {
      let run: [number, number][] = [];
      let clipped = false;
      const flush = () => {
        if (run.length >= 2) {
          const d = toDrivableWay({ type: 'Feature', properties: w.tags as OsmWayTags, geometry: { type: 'LineString', coordinates: run } });
          if (d) drivable.push(d);
        }
        run = [];
      };
      for (const ref of w.refs) {
        const slot = index.slotOf(ref);
        const x = slot >= 0 ? lon[slot]! : Number.NaN;
        if (Number.isNaN(x)) {
          clipped = true;
          flush();
        } else run.push([x, lat[slot]!]);
      }
      flush();
      if (clipped) clippedWays++;
    }
    // What the base map draws besides: paths and other non-drivable highways, areas, buildings.
    const map: MapLayers = { roads: new FeatureStore(), areas: new FeatureStore(), buildings: new FeatureStore(), places };
    let flat = new Float64Array(1 << 10);
    drawn: for (let d = 0; d < drawnLayer.length; d++) {
      const a = drawnStart[d]!;
      const b = drawnStart[d + 1]!;
      if (2 * (b - a) > flat.length) flat = new Float64Array(2 * (b - a));
      let n = 0;
      for (let k = a; k < b; k++) {
        const slot = index.slotOf(drawnRefs[k]!);
        if (slot < 0 || Number.isNaN(lon[slot]!)) continue drawn; // clipped by the extract: a partial area would draw wrong
        flat[n++] = roundCoord(lon[slot]!);
        flat[n++] = roundCoord(lat[slot]!);
      }
      const layer = LAYERS[drawnLayer[d]!]!;
      const props: Record<string, string | number> = { class: drawnCls[d]! };
      if (drawnName[d]) props.name = drawnName[d]!;
      map[layer].add(layer === 'roads' ? 'LineString' : 'Polygon', props, flat, n);
    }
    // Multipolygons: each outer ring with the holes inside it, as one polygon each.
    const ringCoords = (ring: number[]): Float64Array | null => {
      const out = new Float64Array(ring.length * 2);
      for (let k = 0; k < ring.length; k++) {
        const slot = index.slotOf(ring[k]!);
        if (slot < 0 || Number.isNaN(lon[slot]!)) return null;
        out[2 * k] = roundCoord(lon[slot]!);
        out[2 * k + 1] = roundCoord(lat[slot]!);
      }
      return out;
    };
    let multipolygons = 0;
    for (const m of multiRings) {
      const outers = m.outer.map(ringCoords).filter((r): r is Float64Array => r !== null);
      const inners = m.inner.map(ringCoords).filter((r): r is Float64Array => r !== null);
      const props: Record<string, string | number> = { class: m.cls };
      if (m.name) props.name = m.name;
      for (const rings of polygonsOf(outers, inners)) map[m.layer].addPolygon(props, rings);
      if (outers.length > 0) multipolygons++;
    }
    if (drivable.length === 0) throw new CityImportError('no_roads', 'the extract lacks the nodes of every road it names: it was cut without its nodes (use osmium extract, which keeps them)');
    if (opts.signal?.aborted) throw new CityImportError('cancelled', 'the import was cancelled');

    const graph = buildRoadGraph(drivable);
    const main = largestStronglyConnected(graph);
    let inMain = 0;
    for (let i = 0; i < main.length; i++) inMain += main[i]!;
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    let metres = 0;
    for (const way of drivable) {
      for (let i = 0; i < way.coords.length; i++) {
        const [x, y] = way.coords[i]!;
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
        if (i > 0) metres += haversineM(way.coords[i - 1]![0], way.coords[i - 1]![1], x, y);
      }
    }
    const bounds: [number, number, number, number] = [w, s, e, n];
    const areaKm2 = (haversineM(w, (s + n) / 2, e, (s + n) / 2) / 1000) * (haversineM(w, s, w, n) / 1000);
    // The sea inside the city's box, from the coast (pieces the extract lacks nodes of are cut there).
    let sea: RoadsSummary['sea'] = 'none';
    if (coast.length > 0) {
      const { chains, closed } = joinCoastline(coast);
      const coords: number[][] = [];
      const isClosed: boolean[] = [];
      for (const [k, chain] of chains.entries()) {
        let run: number[] = [];
        let complete = true;
        for (const ref of chain) {
          const slot = index.slotOf(ref);
          if (slot < 0 || Number.isNaN(lon[slot]!)) {
            complete = false;
            if (run.length >= 4) {
              coords.push(run);
              isClosed.push(false);
            }
            run = [];
          } else run.push(roundCoord(lon[slot]!), roundCoord(lat[slot]!));
        }
        if (run.length >= 4) {
          coords.push(run);
          isClosed.push(closed[k]! && complete);
        }
      }
      const result = seaPolygons(coords, isClosed, bounds);
      if (result.broken) sea = 'broken';
      else if (result.polygons.length > 0) {
        sea = 'drawn';
        for (const rings of result.polygons) map.areas.addPolygon({ class: 'water' }, rings);
      }
    }
    opts.onProgress?.({ stage: 'building_graph', fraction: 1 });
    return {
      map,
      network: { graph, inMain: main },
      roads: { attribution: OSM_ATTRIBUTION, bounds, ways: drivable },
      summary: {
        roads: drivable.length,
        roadKm: Math.round(metres / 100) / 10,
        oneWays: drivable.filter((d) => d.oneway !== 0).length,
        graphNodes: graph.nodeCount,
        graphEdges: graph.edgeCount,
        connectedShare: Math.round((inMain / Math.max(1, graph.nodeCount)) * 1000) / 1000,
        bounds,
        areaKm2: Math.round(areaKm2 * 10) / 10,
        clippedWays,
        mapAreas: map.areas.length,
        multipolygons,
        sea,
        buildings: map.buildings.length,
        places: map.places.length,
        fileBytes: size,
        ms: Math.round(performance.now() - t0),
      },
    };
  } finally {
    closeSync(fd);
  }
}
