import type { LayerSummary } from '../map/layer-summary';

/**
 * What end-to-end tests read from the wall (`window.__jingbaoWall`), like the console's
 * `__jingbaoTest`: read-only, nothing the screen does not show already. Plain numbers
 * and strings, so a test polling it for an hour holds nothing of the page.
 */
export type WallTestHook = {
  /** The scene on screen: a rotation scene id, or 'interrupt' while an alert holds the wall. */
  readonly scene: string;
  /** The rotation's own scene (kept while interrupted). */
  readonly rotationScene: string;
  readonly rotations: number;
  readonly cycles: number;
  /** Id of the alert holding the wall, or null. */
  readonly interrupt: string | null;
  /** The outage banner shows (central link down, or the local service lost). */
  readonly outage: boolean;
  readonly linkState: string | null;
  /** Snapshot drawn, map loaded, deck layers loaded. */
  readonly ready: boolean;
  readonly tilesLoaded: boolean;
  readonly positionsApplied: number;
  readonly scale: number;
  readonly schedule: { id: string; durationMs: number }[];
  layerSummary(): LayerSummary[];
  /** What the camera shows now: [west, south, east, north], zoom, still flying; null before the map. */
  view(): { bounds: [number, number, number, number]; zoom: number; moving: boolean } | null;
};

declare global {
  interface Window {
    __jingbaoWall?: WallTestHook;
  }
}

/** The live values the hook reads; WallView keeps this object current. */
export type WallHookSource = {
  scene: string;
  rotationScene: string;
  rotations: number;
  cycles: number;
  interrupt: string | null;
  outage: boolean;
  linkState: string | null;
  snapshotDrawn: boolean;
  scale: number;
  schedule: readonly { id: string; durationMs: number }[];
  positionsApplied(): number;
  map: {
    isLoaded(): boolean;
    layersReady(): boolean;
    tilesLoaded(): boolean;
    layerSummary(): LayerSummary[];
    view(): { bounds: [number, number, number, number]; zoom: number; moving: boolean };
  } | null;
};

export function createWallHookSource(): WallHookSource {
  return {
    scene: '',
    rotationScene: '',
    rotations: 0,
    cycles: 0,
    interrupt: null,
    outage: false,
    linkState: null,
    snapshotDrawn: false,
    scale: 1,
    schedule: [],
    positionsApplied: () => 0,
    map: null,
  };
}

export function installWallHook(source: WallHookSource, win: Window = window): WallTestHook {
  const hook: WallTestHook = {
    get scene() {
      return source.scene;
    },
    get rotationScene() {
      return source.rotationScene;
    },
    get rotations() {
      return source.rotations;
    },
    get cycles() {
      return source.cycles;
    },
    get interrupt() {
      return source.interrupt;
    },
    get outage() {
      return source.outage;
    },
    get linkState() {
      return source.linkState;
    },
    get ready() {
      const m = source.map;
      return source.snapshotDrawn && m !== null && m.isLoaded() && m.layersReady();
    },
    get tilesLoaded() {
      return source.map?.tilesLoaded() ?? false;
    },
    get positionsApplied() {
      return source.positionsApplied();
    },
    get scale() {
      return source.scale;
    },
    get schedule() {
      return source.schedule.map((s) => ({ id: s.id, durationMs: s.durationMs }));
    },
    layerSummary: () => source.map?.layerSummary() ?? [],
    view: () => source.map?.view() ?? null,
  };
  win.__jingbaoWall = hook;
  return hook;
}
