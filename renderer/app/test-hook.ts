import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Site } from '../../shared/domain';
import type { SiteLabelPlacement } from '../map/site-label-layer';
import type { LayerSummary } from '../map/layer-summary';

/**
 * What end-to-end tests read from the page (`window.__jingbaoTest`). Always installed:
 * it exposes nothing the page does not already show, and tests then need no special build.
 */
export type JingbaoTestHook = {
  /** True once the snapshot is drawn, the map fired 'load' and deck.gl can pick what it drew. */
  readonly ready: boolean;
  layerSummary(): LayerSummary[];
  /** Viewport CSS pixels of a lon/lat. */
  project(lon: number, lat: number): { x: number; y: number };
  sites(): Site[];
  readonly positionsApplied: number;
  /** Vehicles drawn faded because their last report is older than POSITION_STALE_MS. */
  readonly staleVehicles: number;
  readonly map: MapLibreMap | null;
  /** Where a vehicle is drawn now (from the position buffers); null before its first report. */
  vehiclePosition(vehicleNo: number): { lon: number; lat: number } | null;
  /** The site names as placed now, boxes in viewport CSS px, and the names left out. */
  labelPlacement(): SiteLabelPlacement;
};

declare global {
  interface Window {
    __jingbaoTest?: JingbaoTestHook;
  }
}

/** The live values the hook reads; the app keeps this object current. */
export type TestHookSource = {
  snapshotDrawn: boolean;
  mapLoaded: boolean;
  sites: readonly Site[];
  positionsApplied(): number;
  staleVehicles(): number;
  vehiclePosition(vehicleNo: number): { lon: number; lat: number } | null;
  map: {
    map: MapLibreMap;
    layerSummary(): LayerSummary[];
    drawnSites(): readonly Site[];
    layersReady(): boolean;
    project(lon: number, lat: number): { x: number; y: number };
    labelPlacement(): SiteLabelPlacement & { origin: { x: number; y: number } };
  } | null;
};

export function createTestHookSource(): TestHookSource {
  return { snapshotDrawn: false, mapLoaded: false, sites: [], positionsApplied: () => 0, staleVehicles: () => 0, vehiclePosition: () => null, map: null };
}

export function installTestHook(source: TestHookSource, win: Window = window): JingbaoTestHook {
  const hook: JingbaoTestHook = {
    get ready() {
      // Drawn means the deck layers were built from the sites the app holds now.
      const { map } = source;
      return source.snapshotDrawn && source.mapLoaded && map !== null && map.drawnSites() === source.sites && map.layersReady();
    },
    layerSummary: () => source.map?.layerSummary() ?? [],
    project: (lon, lat) => {
      if (!source.map) throw new Error('map not created yet');
      return source.map.project(lon, lat);
    },
    sites: () => [...source.sites],
    get positionsApplied() {
      return source.positionsApplied();
    },
    get staleVehicles() {
      return source.staleVehicles();
    },
    get map() {
      return source.map?.map ?? null;
    },
    vehiclePosition: (no) => source.vehiclePosition(no),
    labelPlacement: () => {
      const p = source.map?.labelPlacement();
      if (!p) return { placed: [], hidden: [] };
      const { x, y } = p.origin;
      const box = (b: { x0: number; y0: number; x1: number; y1: number }) => ({ x0: b.x0 + x, y0: b.y0 + y, x1: b.x1 + x, y1: b.y1 + y });
      return { placed: p.placed.map((l) => ({ ...l, box: box(l.box) })), hidden: p.hidden };
    },
  };
  win.__jingbaoTest = hook;
  return hook;
}
