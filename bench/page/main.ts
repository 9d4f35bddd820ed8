/**
 * Position-update benchmark page (driven by bench/positions.bench.ts in Chromium).
 *
 * A (ours): the renderer's real path, untouched: a binary frame arrives →
 *   feed.applyFrame (renderer/map/vehicle-feed.ts) → the board's render step
 *   (renderer/map/board-map.ts: memoised createVehicleLayer → overlay.setProps) →
 *   deck.gl's layer update, which writes the attributes into their GPU buffers.
 *   In the app the render step and deck's update run in the next animation frame(s); here
 *   the board's requestAnimationFrame callback is captured and deck's
 *   layerManager.updateLayers() (what deck's own frame callback calls first) is run right
 *   away, so the whole path is timed synchronously. Drawing is not timed.
 * B (baseline): the same frame decoded into a GeoJSON FeatureCollection and handed to a
 *   maplibre GeoJSON source with setData, drawn by a circle layer. Main-thread JS is timed
 *   until maplibre has serialised and posted the data to its worker (all within the same
 *   task: its setData chain runs in microtasks); wall clock until the tiles are reloaded.
 */
import { seededRandom } from '../../shared/random';
import type { Deck, Layer } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { createBoardMap, type BoardMap } from '../../renderer/map/board-map';
import { createVehicleFeed, type VehicleFeed } from '../../renderer/map/vehicle-feed';
import { VEHICLE_LAYER_ID } from '../../renderer/map/vehicle-layer';
import type { MapInfo } from '../../shared/board-api';
import { VEHICLE_KINDS, VEHICLE_STATUSES, type Position, type Vehicle, type VehicleStatus } from '../../shared/domain';
import { decodePositions, encodePositions } from '../../shared/positions-codec';
import { VEHICLE_STATUS_COLORS } from '../../shared/vehicle-style';
import type { BenchOptions, BenchResult, Series } from './protocol';

declare global {
  interface Window {
    jbBench?: { run(options: BenchOptions): Promise<BenchResult> };
  }
}

const CENTER: [number, number] = [11.97, 57.7];
const ZOOM = 12;
/** Vehicles roam greater Göteborg; part of them lies outside the 1280×800 view, as in use. */
const AREA = { west: 11.8, east: 12.14, south: 57.62, north: 57.78 };
const GEOJSON_SOURCE = 'bench-vehicles-geojson';
const GEOJSON_LAYER = 'bench-vehicles-circles';
const LOAD_TIMEOUT_MS = 10_000;

const now = () => performance.now();

// ---------------------------------------------------------------- data (untimed)

function makeVehicles(n: number, rand: () => number): Vehicle[] {
  const vehicles: Vehicle[] = [];
  for (let i = 0; i < n; i++) {
    vehicles.push({
      id: `v${i + 1}`,
      no: i + 1,
      plate: `GB-${String(i + 1).padStart(5, '0')}`,
      kind: VEHICLE_KINDS[i % VEHICLE_KINDS.length]!,
      status: VEHICLE_STATUSES[Math.floor(rand() * VEHICLE_STATUSES.length)]!,
      crew: [],
      homeSiteId: 'depot-1',
      capacity: 100,
    });
  }
  return vehicles;
}

/** `count` consecutive 1 Hz frames of every vehicle driving on (heading and speed drift). */
function makeFrames(n: number, count: number, rand: () => number): ArrayBuffer[] {
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const heading = new Float64Array(n);
  const speed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = AREA.west + rand() * (AREA.east - AREA.west);
    lat[i] = AREA.south + rand() * (AREA.north - AREA.south);
    heading[i] = rand() * 360;
    speed[i] = rand() * 90;
  }
  const metresPerDegLat = 111_320;
  const metresPerDegLon = metresPerDegLat * Math.cos((CENTER[1] * Math.PI) / 180);
  const frames: ArrayBuffer[] = [];
  const t0 = Date.now();
  for (let f = 0; f < count; f++) {
    const positions: Position[] = [];
    for (let i = 0; i < n; i++) {
      heading[i] = (((heading[i]! + (rand() - 0.5) * 20) % 360) + 360) % 360;
      speed[i] = Math.min(90, Math.max(0, speed[i]! + (rand() - 0.5) * 10));
      const metres = speed[i]! / 3.6; // one second
      const rad = (heading[i]! * Math.PI) / 180;
      let x = lon[i]! + (metres * Math.sin(rad)) / metresPerDegLon;
      let y = lat[i]! + (metres * Math.cos(rad)) / metresPerDegLat;
      if (x < AREA.west || x > AREA.east || y < AREA.south || y > AREA.north) {
        heading[i] = (heading[i]! + 180) % 360; // turn back at the edge
        x = Math.min(AREA.east, Math.max(AREA.west, x));
        y = Math.min(AREA.north, Math.max(AREA.south, y));
      }
      lon[i] = x;
      lat[i] = y;
      positions.push({ vehicleNo: i + 1, lon: x, lat: y, heading: heading[i]!, speedKmh: speed[i]!, ts: t0 + f * 1000 });
    }
    frames.push(encodePositions(positions, t0 + f * 1000));
  }
  return frames;
}

/**
 * The buffers never take a position older than the one they hold, so a frame that is
 * replayed gets a fresh batch time (the header's f64 at byte 8) before it "arrives".
 */
let lastStamp = 0;
function stamp(frame: ArrayBuffer): void {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  new DataView(frame).setFloat64(8, lastStamp, true);
}

// ---------------------------------------------------------------- helpers

function series(values: readonly number[]): Series {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { n: 0, median: NaN, p95: NaN, mean: NaN, min: NaN, max: NaN };
  const median = n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  const p95 = s[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]!;
  return { n, median, p95, mean: s.reduce((a, b) => a + b, 0) / n, min: s[0]!, max: s[n - 1]! };
}

/**
 * With Chromium's --js-flags=--expose-gc: collect before each timed run, so neither path is
 * charged for a collection of the other's garbage (B leaves 10,000 features per frame).
 */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(what: string, test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = now() + timeoutMs;
  while (!test()) {
    if (now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** maplibre posts to its workers with Worker#postMessage; count the GeoJSON 'loadData' ('LD') posts. */
const posted = { loadData: 0 };
function watchWorkerPosts(): void {
  const proto = Worker.prototype as { postMessage: (...args: unknown[]) => void };
  const original = proto.postMessage;
  proto.postMessage = function (this: Worker, ...args: unknown[]) {
    original.apply(this, args);
    const message = args[0] as { type?: unknown } | null;
    if (message && message.type === 'LD') posted.loadData++;
  };
}

// deck.gl internals the benchmark reads (not part of its public typings).
type LayerManagerLike = { updateLayers(): void; getLayers(opts?: { layerIds?: string[] }): Layer[] };
type DeckInternals = { layerManager: LayerManagerLike | null; isInitialized: boolean };
type AttributeLike = {
  state: { binaryValue: unknown };
  getBuffer(): { readSyncWebGL?(byteOffset?: number, byteLength?: number): Uint8Array } | null;
};

function findDeck(map: MapLibreMap): DeckInternals {
  const controls = (map as unknown as { _controls?: unknown[] })._controls ?? [];
  const overlay = controls.find((c) => c instanceof MapLibreOverlay);
  const deck = (overlay as unknown as { _deck?: Deck } | undefined)?._deck;
  if (!deck) throw new Error('bench: no MapLibreOverlay with a Deck on the board map');
  return deck as unknown as DeckInternals;
}

function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL2';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

// ---------------------------------------------------------------- the run

async function run(options: BenchOptions): Promise<BenchResult> {
  const { vehicles: n, frames: frameCount, warmup, rounds } = options;
  const rand = seededRandom(20_240_601);
  const vehicles = makeVehicles(n, rand);
  const frames = makeFrames(n, frameCount, rand);
  const statusByNo = new Map<number, VehicleStatus>(vehicles.map((v) => [v.no, v.status]));
  watchWorkerPosts();

  // --- the board exactly as MapView creates it (background-only style: MapInfo lists no tile layers)
  const feed: VehicleFeed = createVehicleFeed(1024); // as renderer/main.tsx
  feed.applySnapshot(vehicles, []);
  const info: MapInfo = {
    bounds: [AREA.west, AREA.south, AREA.east, AREA.north],
    center: CENTER,
    zoom: ZOOM,
    minzoom: 0,
    maxzoom: 14,
    attribution: '',
    layers: [],
    format: 'vector',
    crs: 'wgs84',
    tileSize: 256,
    source: 'city',
  };
  const container = document.getElementById('map');
  if (!container) throw new Error('bench: #map missing');
  const board: BoardMap = createBoardMap({
    container,
    info,
    feed,
    state: { sites: [], visibility: { vehicles: true, depots: true, quickpicks: true, stations: true, labels: true }, language: 'en', selection: null },
    onPick: () => {},
    describeVehicle: (no) => `GB-${no}`,
    onLoad: () => {},
  });
  const map = board.map;
  await until('the map to load', () => board.isLoaded());
  const deck = findDeck(map);
  await until('deck.gl to initialise', () => deck.isInitialized && deck.layerManager !== null);
  const layerManager = deck.layerManager!;

  // --- the baseline: a GeoJSON source drawn as status-coloured circles
  const colorMatch: unknown[] = ['match', ['get', 'status']];
  for (const s of VEHICLE_STATUSES) {
    const [r, g, b] = VEHICLE_STATUS_COLORS[s];
    colorMatch.push(s, `rgb(${r},${g},${b})`);
  }
  colorMatch.push('#969696');
  map.addSource(GEOJSON_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: GEOJSON_LAYER,
    type: 'circle',
    source: GEOJSON_SOURCE,
    paint: { 'circle-radius': 4, 'circle-color': colorMatch as never },
  });
  const source = map.getSource<GeoJSONSource>(GEOJSON_SOURCE);
  if (!source) throw new Error('bench: GeoJSON source missing');

  const toFeatureCollection = (frame: ArrayBuffer): GeoJSON.FeatureCollection<GeoJSON.Point> => {
    const d = decodePositions(frame);
    const features = new Array<GeoJSON.Feature<GeoJSON.Point>>(d.count);
    for (let i = 0; i < d.count; i++) {
      const no = d.vehicleNo[i]!;
      features[i] = {
        type: 'Feature',
        id: no,
        geometry: { type: 'Point', coordinates: [d.lon[i]!, d.lat[i]!] },
        properties: { vehicleNo: no, heading: d.heading[i]!, speedKmh: d.speedKmh[i]!, status: statusByNo.get(no) ?? 'unknown' },
      };
    }
    return { type: 'FeatureCollection', features };
  };

  const sourceLoaded = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (map.isSourceLoaded(GEOJSON_SOURCE)) return resolve(true);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        map.off('sourcedata', onData);
        resolve(ok);
      };
      const onData = (e: { sourceId?: string }) => {
        if (e.sourceId === GEOJSON_SOURCE && map.isSourceLoaded(GEOJSON_SOURCE)) done(true);
      };
      const timer = setTimeout(() => done(false), LOAD_TIMEOUT_MS);
      map.on('sourcedata', onData);
    });

  // --- path A
  type A = { total: number; apply: number; deck: number; changed: number; attributesOk: boolean; gpuOk: boolean | null };
  const runA = async (frame: ArrayBuffer): Promise<A> => {
    collectGarbage();
    // Let any render the board has scheduled happen first, so this frame's schedule is ours.
    await nextFrame();
    await nextFrame();
    stamp(frame);
    const captured: FrameRequestCallback[] = [];
    const realRaf = window.requestAnimationFrame;
    window.requestAnimationFrame = (cb) => {
      captured.push(cb);
      return 0; // the board keeps it as "no frame pending" once the callback has run
    };
    let changed: number;
    const t0 = now();
    try {
      changed = feed.applyFrame(frame); // what use-board.ts does when a frame arrives
    } finally {
      window.requestAnimationFrame = realRaf;
    }
    const t1 = now();
    for (const cb of captured) cb(t1); // the board's render: new vehicle layer → overlay.setProps
    layerManager.updateLayers(); // deck: match layers, update attributes (GPU buffer writes)
    const t2 = now();
    if (captured.length !== 1) throw new Error(`bench: the board scheduled ${captured.length} renders for one frame`);
    // Checked after the clock stopped.
    return { total: t2 - t0, apply: t1 - t0, deck: t2 - t1, changed, attributesOk: attributesTookFrame(), gpuOk: gpuHoldsFrame() };
  };

  const vehicleAttributes = () => {
    const layer = layerManager.getLayers({ layerIds: [VEHICLE_LAYER_ID] })[0];
    const manager = layer?.getAttributeManager();
    if (!layer || !manager) return null;
    return { layer, manager, attributes: manager.attributes as unknown as Record<string, AttributeLike> };
  };

  /**
   * The vehicle layer deck now holds is the one just built, and each of its attributes took
   * that layer's binary descriptor (deck writes a descriptor's array into the GPU buffer when
   * it takes it; it skips a descriptor it has already seen).
   */
  const attributesTookFrame = (): boolean => {
    const found = vehicleAttributes();
    if (!found) return false;
    const data = found.layer.props.data as { attributes?: Record<string, { value?: unknown }> };
    if (data.attributes?.['getPosition']?.value !== feed.buffers.positions) return false;
    const pairs: [string, string][] = [
      ['instancePositions', 'getPosition'],
      ['instanceAngles', 'getAngle'],
      ['instanceColors', 'getColor'],
    ];
    return pairs.every(([attr, accessor]) => {
      const a = found.attributes[attr];
      return a !== undefined && data.attributes?.[accessor] !== undefined && a.state.binaryValue === data.attributes[accessor];
    });
  };

  /** Reads the GPU buffer behind instancePositions back: it must hold this frame's positions. */
  const gpuHoldsFrame = (): boolean | null => {
    const buffer = vehicleAttributes()?.attributes['instancePositions']?.getBuffer();
    const b = feed.buffers;
    if (!buffer?.readSyncWebGL) return null;
    const bytes = buffer.readSyncWebGL(0, b.length * 8);
    const gpu = new Float32Array(bytes.buffer, bytes.byteOffset, b.length * 2);
    for (let i = 0; i < gpu.length; i++) if (gpu[i] !== b.positions[i]) return false;
    return true;
  };

  // --- path B
  type B = { main: number; build: number; posted: boolean; loaded: number | null };
  const runB = async (frame: ArrayBuffer): Promise<B> => {
    collectGarbage();
    await nextFrame();
    const before = posted.loadData;
    const t0 = now();
    const fc = toFeatureCollection(frame);
    const t1 = now();
    const done = source.setData(fc);
    // maplibre's setData → serialise → postMessage chain runs in microtasks of this task.
    for (let i = 0; i < 200 && posted.loadData === before; i++) await Promise.resolve();
    const t2 = now();
    await done; // the worker has indexed the data
    const loaded = await sourceLoaded(); // and the visible tiles are rebuilt
    const t3 = now();
    return { main: t2 - t0, build: t1 - t0, posted: posted.loadData > before, loaded: loaded ? t3 - t0 : null };
  };

  // --- warm-up, then timed rounds alternating which path goes first
  for (let i = 0; i < warmup; i++) {
    const frame = frames[i % frameCount]!;
    await runA(frame);
    await runB(frame);
  }
  const a: A[] = [];
  const b: B[] = [];
  for (let i = 0; i < rounds; i++) {
    const frame = frames[(warmup + i) % frameCount]!;
    if (i % 2 === 0) {
      a.push(await runA(frame));
      b.push(await runB(frame));
    } else {
      b.push(await runB(frame));
      a.push(await runA(frame));
    }
  }
  const loaded = b.flatMap((r) => (r.loaded === null ? [] : [r.loaded]));

  return {
    options,
    webgl: webglRenderer(),
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    gcBetweenRuns: typeof (globalThis as { gc?: unknown }).gc === 'function',
    ours: series(a.map((r) => r.total)),
    oursApply: series(a.map((r) => r.apply)),
    oursDeck: series(a.map((r) => r.deck)),
    setDataMain: series(b.map((r) => r.main)),
    setDataBuild: series(b.map((r) => r.build)),
    setDataLoaded: loaded.length ? series(loaded) : null,
    setDataTimeouts: b.length - loaded.length,
    verify: {
      allVehiclesChanged: a.filter((r) => r.changed === n).length,
      attributesUpdated: a.filter((r) => r.attributesOk).length,
      gpuHoldsFrame: a.some((r) => r.gpuOk === null) ? null : a.filter((r) => r.gpuOk).length,
      setDataPosted: b.filter((r) => r.posted).length,
    },
  };
}

window.jbBench = { run };
