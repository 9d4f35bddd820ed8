import type { Layer } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { keepDeckCanvasOutOfTheWay } from '../map/deck-canvas';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { MapInfo } from '../../shared/board-api';
import type { Site } from '../../shared/domain';
import { drawLevelAtlas, drawVehicleAtlas } from '../map/symbols';
import { BASE_SOURCE_ID, createBaseStyle, MAP_FONT_STACK } from '../map/base-style';
import { createDepotLayer } from '../map/depot-layer';
import { summarizeLayers, type LayerSummary } from '../map/layer-summary';
import { createQuickPickLayer } from '../map/quickpick-layer';
import { createStationLayer } from '../map/station-layer';
import { createLabelMeasurer, labelCharacterSet } from '../map/label-font';
import { createSiteLabeller, createSiteLabelLayers } from '../map/site-label-layer';
import { screenPointsOf } from '../map/screen-projector';
import { createDisplayCrs } from '../map/display-crs';
import type { VehicleFeed } from '../map/vehicle-feed';
import { createVehicleLayer, type VehicleIcon } from '../map/vehicle-layer';
import { createWallDestinationLayers, createWallRouteLayer, type WallDestination, type WallRoute } from './wall-layers';
import { createFrameScheduler, logMapErrors } from '../map/render-loop';

/**
 * Symbol sizes at the design resolution (1920×1080), a little larger than the console's:
 * the wall is read from across the hall. The whole map is then scaled with the screen.
 */
export const WALL_SYMBOLS = { vehiclePx: 28, siteScale: 1.5, labelScale: 1.5, routePx: 7, destinationPx: 15 } as const;
/** Names wall-sized, the same size step as the markers they stand beside. */
const WALL_LABEL_SCALE: typeof WALL_SYMBOLS.siteScale = WALL_SYMBOLS.labelScale;

export type WallMapState = {
  sites: readonly Site[];
  language: 'zh-CN' | 'en';
  routes: readonly WallRoute[];
  destinations: readonly WallDestination[];
};

/** What the camera shows; padding is the share of each side a panel covers (0..1). */
export type WallCamera =
  | { kind: 'city' }
  | { kind: 'bounds'; bounds: [number, number, number, number] }
  | { kind: 'point'; lon: number; lat: number };
export type WallPadding = { top: number; right: number; bottom: number; left: number };

export type WallMap = {
  readonly map: maplibregl.Map;
  isLoaded(): boolean;
  /** deck.gl is initialised and every current layer has loaded. */
  layersReady(): boolean;
  update(state: Partial<WallMapState>): void;
  /** Draws everything `scale` times larger (the container is scaled by CSS the same). */
  setScale(scale: number): void;
  frame(camera: WallCamera, padding: WallPadding): void;
  reloadTiles(): void;
  layerSummary(): LayerSummary[];
  destroy(): void;
};

export type WallMapOptions = {
  container: HTMLElement;
  info: MapInfo;
  feed: VehicleFeed;
  state: WallMapState;
  scale: number;
  /** The map's accessible name in the wall's language (maplibre's 'Map.Title'). */
  title: string;
  onLoad(): void;
};

const CAMERA_MS = 1500;
const POINT_ZOOM = 15;
const ROUTES_MAX_ZOOM = 15.5;
/** A 5760×2160 wall needs more than maplibre's default 4096-px canvas limit to stay sharp. */
const MAX_CANVAS: [number, number] = [8192, 8192];
let workerConfigured = false;

const cssFontList = MAP_FONT_STACK.map((f) => (f.includes(' ') ? `"${f}"` : f)).join(', ');

/**
 * The wall's map: the console's base map and layer factories, but nothing interactive
 * (no controls, no picking, no hover) and drawn for a big screen. Created once and kept
 * for the wall's lifetime; scenes only move the camera. Symbols scale with the screen
 * by drawing the container at design size and scaling it up with CSS, with the canvas
 * pixel ratio raised to match so nothing is blurred: type, icons, road widths and the
 * geographic extent then look the same on 1080p, 4K and a multi-screen wall.
 */
export function createWallMap(options: WallMapOptions): WallMap {
  const { info, feed, container } = options;
  if (!workerConfigured) {
    maplibregl.setWorkerUrl(workerUrl);
    workerConfigured = true;
  }
  let state = options.state;
  let scale = options.scale;
  let loaded = false;
  let destroyed = false;
  let deckLoaded = false;
  let layers: Layer[] = [];
  let pendingCamera: { camera: WallCamera; padding: WallPadding } | null = null;
  const icon: VehicleIcon = drawVehicleAtlas(container.ownerDocument);
  const levelSymbols = drawLevelAtlas(container.ownerDocument);
  const pixelRatio = () => (globalThis.devicePixelRatio || 1) * scale;
  const measurer = createLabelMeasurer(container.ownerDocument);
  const placeSiteLabels = createSiteLabeller(measurer);
  let characters: { sites: readonly Site[]; set: Set<string> } | null = null;

  // Over a GCJ-02 base map everything is drawn converted (map/display-crs.ts).
  const display = createDisplayCrs(info.crs);
  const map = new maplibregl.Map({
    container,
    style: createBaseStyle(info),
    center: info.center,
    zoom: info.zoom,
    minZoom: Math.max(0, info.minzoom - 1),
    maxZoom: Math.min(22, info.maxzoom + 4),
    interactive: false,
    attributionControl: { compact: false },
    maplibreLogo: false,
    pixelRatio: pixelRatio(),
    maxCanvasSize: MAX_CANVAS,
    localIdeographFontFamily: cssFontList,
    locale: { 'Map.Title': options.title },
    // Scenes fly the camera; the wall must not stall them to wait on tiles.
    fadeDuration: 150,
  });

  const overlay = new MapLibreOverlay({
    interleaved: false,
    layers: [],
    useDevicePixels: pixelRatio(),
    onLoad: () => {
      deckLoaded = true;
      keepDeckCanvasOutOfTheWay(map.getContainer());
    },
  });
  map.addControl(overlay);

  const memo: Record<string, { key: unknown[]; layers: Layer[] }> = {};
  const memoLayers = (id: string, key: unknown[], build: () => Layer | Layer[]): Layer[] => {
    const hit = memo[id];
    if (hit && hit.key.length === key.length && hit.key.every((k, i) => k === key[i])) return hit.layers;
    const built = build();
    const list = Array.isArray(built) ? built : [built];
    memo[id] = { key, layers: list };
    return list;
  };

  /**
   * Depot names only: the ten quick-pick names crowd the centre and cannot be read from the
   * hall; their cyan discs say what they are. Placed like the console's, clear of markers,
   * each other and vehicles, on the same plates.
   */
  const siteLabels = (sites: readonly Site[], language: WallMapState['language']): Layer[] => {
    if (!characters || characters.sites !== sites) characters = { sites, set: labelCharacterSet(sites.flatMap((s) => [s.name, s.nameEn])) };
    const { clientWidth: w, clientHeight: h } = map.getContainer();
    if (!loaded || w === 0 || h === 0) return [];
    const project = (lon: number, lat: number) => map.project([lon, lat]);
    const unproject = (x: number, y: number): [number, number] => {
      const p = map.unproject([x, y]);
      return [p.lng, p.lat];
    };
    const b = display.vehicles(feed.buffers);
    const vehicles = screenPointsOf(b.positions, b.length, project, info.bounds);
    const { labels } = placeSiteLabels({
      sites,
      named: (s) => s.kind !== 'quickpick',
      language,
      selectedId: null,
      project,
      unproject,
      vehicles,
      vehicleHalfPx: WALL_SYMBOLS.vehiclePx * 0.4,
      view: { x0: 4, y0: 4, x1: w - 4, y1: h - 4 },
      pixelRatio: pixelRatio(),
      scale: WALL_LABEL_SCALE,
    });
    const key = `${pixelRatio()}|${labels.map((l) => `${l.site.id}:${l.text}:${l.dx}:${l.dy}`).join('|')}`;
    return memoLayers('labels', [key, characters.set], () =>
      createSiteLabelLayers(labels, { visible: true, pixelRatio: pixelRatio(), characters: characters!.set, measurer, scale: WALL_LABEL_SCALE, pickable: false }),
    );
  };

  const render = () => {
    if (destroyed) return;
    const { language } = state;
    const sites = display.points(state.sites);
    const routes = display.paths(state.routes);
    const destinations = display.points(state.destinations);
    const b = display.vehicles(feed.buffers);
    layers = [
      ...memoLayers('routes', [routes], () => createWallRouteLayer(routes, { widthPx: WALL_SYMBOLS.routePx })),
      ...memoLayers('vehicles', [b.version, b.length, b.positions], () =>
        createVehicleLayer(b, { visible: true, icon, selectedSlot: null, sizePx: WALL_SYMBOLS.vehiclePx }).clone({ pickable: false }),
      ),
      ...memoLayers('sites', [sites], () =>
        [createQuickPickLayer, createStationLayer, createDepotLayer].map((create) =>
          create(sites, { visible: true, selectedId: null }).clone({ pickable: false, autoHighlight: false, radiusScale: WALL_SYMBOLS.siteScale, lineWidthScale: WALL_SYMBOLS.siteScale }),
        ),
      ),
      ...memoLayers('destinations', [destinations], () => createWallDestinationLayers(destinations, { radiusPx: WALL_SYMBOLS.destinationPx, symbols: levelSymbols })),
      ...siteLabels(sites, language),
    ];
    overlay.setProps({ layers });
  };

  const frames = createFrameScheduler(() => render());
  const schedule = () => frames.schedule();

  const unsubscribe = feed.subscribe(schedule);
  // Names are placed in screen space: a camera move places them again.
  map.on('move', schedule);
  // Fades vehicles whose reports stopped (an outage): the wall must not show them as live.
  const staleTimer = setInterval(() => feed.tick(), 1000);

  logMapErrors(map, '[wall map]');

  const applyCamera = (camera: WallCamera, padding: WallPadding) => {
    const el = map.getContainer();
    const w = el.clientWidth;
    const h = el.clientHeight;
    if (w === 0 || h === 0) {
      pendingCamera = { camera, padding };
      return;
    }
    const margin = 0.03;
    const px = {
      top: Math.round(h * (padding.top + margin)),
      bottom: Math.round(h * (padding.bottom + margin)),
      left: Math.round(w * (padding.left + margin)),
      right: Math.round(w * (padding.right + margin)),
    };
    // A padding larger than the map makes maplibre refuse the fit: keep a third free.
    if (px.left + px.right > w * 0.67 || px.top + px.bottom > h * 0.67) return;
    // Always fitBounds, a point as a tiny box: flyTo/easeTo keep their `padding` on the map
    // and every later fit would add it again, pushing the city off to one side.
    const e = 1e-5;
    const at = camera.kind === 'point' ? display.toMap(camera.lon, camera.lat) : null;
    const box = (b: readonly [number, number, number, number]): [number, number, number, number] => {
      const [w, s] = display.toMap(b[0], b[1]);
      const [e2, n] = display.toMap(b[2], b[3]);
      return [w, s, e2, n];
    };
    const [west, south, east, north] = camera.kind === 'city' ? box(info.bounds) : camera.kind === 'bounds' ? box(camera.bounds) : [at![0] - e, at![1] - e, at![0] + e, at![1] + e];
    const maxZoom = camera.kind === 'city' ? 22 : camera.kind === 'point' ? POINT_ZOOM : ROUTES_MAX_ZOOM;
    map.fitBounds([west, south, east, north], { padding: px, duration: CAMERA_MS, maxZoom, essential: true });
  };

  // A camera asked for before the container had a size (first layout) is applied once it has one.
  map.on('resize', () => {
    if (!loaded || !pendingCamera) return;
    const next = pendingCamera;
    pendingCamera = null;
    applyCamera(next.camera, next.padding);
  });

  map.on('load', () => {
    if (destroyed) return;
    loaded = true;
    render();
    if (pendingCamera) applyCamera(pendingCamera.camera, pendingCamera.padding);
    pendingCamera = null;
    options.onLoad();
  });
  render();

  return {
    map,
    isLoaded: () => loaded,
    layersReady: () => deckLoaded && layers.every((l) => l.isLoaded),
    update(next) {
      state = { ...state, ...next };
      schedule();
    },
    setScale(next) {
      if (next === scale || !(next > 0)) return;
      scale = next;
      map.setPixelRatio(pixelRatio());
      overlay.setProps({ useDevicePixels: pixelRatio() });
    },
    frame(camera, padding) {
      if (!loaded) {
        pendingCamera = { camera, padding };
        return;
      }
      applyCamera(camera, padding);
    },
    reloadTiles() {
      if (map.getSource(BASE_SOURCE_ID)) map.refreshTiles(BASE_SOURCE_ID);
    },
    layerSummary: () => summarizeLayers(layers),
    destroy() {
      destroyed = true;
      frames.stop();
      clearInterval(staleTimer);
      unsubscribe();
      map.removeControl(overlay);
      map.remove();
    },
  };
}
