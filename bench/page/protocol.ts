/**
 * What the bench page (bench/page/main.ts, in Chromium) and its driver
 * (bench/positions.bench.ts, in Node) pass each other. The driver keeps a copy of these
 * types (the two sit in different TypeScript projects): change both together.
 */

export type BenchOptions = {
  vehicles: number;
  /** Distinct pre-encoded 1 Hz frames; the measured runs cycle through them. */
  frames: number;
  /** Untimed A+B rounds first (JIT, buffer growth, shader and tile warm-up). */
  warmup: number;
  /** Timed A+B rounds, alternating which path goes first. */
  rounds: number;
};

export type Series = { n: number; median: number; p95: number; mean: number; min: number; max: number };

export type BenchResult = {
  options: BenchOptions;
  /** WebGL renderer string (SwiftShader = software). */
  webgl: string;
  /** performance.now() resolution the page had (cross-origin isolated: 5 µs, else 100 µs). */
  crossOriginIsolated: boolean;
  /** A full GC ran (untimed) before each timed run. */
  gcBetweenRuns: boolean;
  /** Path A, ours: frame arrives → feed.applyFrame → board render → deck layerManager.updateLayers(). */
  ours: Series;
  /** Part of A: feed.applyFrame alone (decode into the typed arrays). */
  oursApply: Series;
  /** Part of A: board render (new layer) + deck layer/attribute update. */
  oursDeck: Series;
  /** Path B main-thread JS: decode + build FeatureCollection + setData until the data is posted to the worker. */
  setDataMain: Series;
  /** Part of B: decode + build the FeatureCollection. */
  setDataBuild: Series;
  /** Path B wall clock: frame arrives → the source's tiles are reloaded (isSourceLoaded). Null if it never settled. */
  setDataLoaded: Series | null;
  /** Rounds in which B's tiles did not settle within the time limit. */
  setDataTimeouts: number;
  verify: {
    /** Timed A runs where feed.applyFrame changed every vehicle. */
    allVehiclesChanged: number;
    /** Timed A runs after which deck's getPosition/getAngle/getColor attributes held the new layer's binary descriptors. */
    attributesUpdated: number;
    /** Timed A runs after which the GPU buffer behind instancePositions, read back, equals the new positions; null if it cannot be read. */
    gpuHoldsFrame: number | null;
    /** Timed B runs where setData's 'loadData' message was posted within the timed microtasks. */
    setDataPosted: number;
  };
};
