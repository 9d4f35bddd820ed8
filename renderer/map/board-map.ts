import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { keepDeckCanvasOutOfTheWay } from './deck-canvas';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// A bundled maplibre cannot find its worker next to itself (file:// in Electron): point at it.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { MapInfo } from '../../shared/board-api';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { drawArrowIcon } from './arrow-icon';
import { BASE_SOURCE_ID, createBaseStyle, MAP_FONT_STACK } from './base-style';
import { createCoverageLayer, type CoverageBands } from './coverage-layer';
import { createDepotLayer, DEPOT_LAYER_ID } from './depot-layer';
import { createDestinationLayer, DESTINATION_LAYER_ID, type DestinationMark } from './destination-layer';
import { createHeatLayer, type HeatPoint } from './heat-layer';
import { summarizeLayers, type LayerSummary } from './layer-summary';
import { createQuickPickLayer, QUICKPICK_LAYER_ID } from './quickpick-layer';
import { createRouteLayer, DISPATCH_ROUTE_LAYER_ID, PLAN_ROUTE_LAYER_ID, type RoutePath } from './route-layer';
import { createSiteLabelLayer } from './site-label-layer';
import { createTileLoader, TILE_PROTOCOL } from './tile-protocol';
import { vehicleNoAt } from './vehicle-buffers';
import type { VehicleFeed } from './vehicle-feed';
import { createVehicleLayer, VEHICLE_LAYER_ID, type VehicleIcon } from './vehicle-layer';
import { createFrameScheduler, logMapErrors } from './render-loop';

export type LayerVisibility = {
  vehicles: boolean;
  depots: boolean;
  quickpicks: boolean;
  labels: boolean;
  /** Drive-time areas from the depots and quick-pick points (map.coverage). */
  coverage: boolean;
  /** Recent requests by destination, weighted by recency. */
  heat: boolean;
};
export type MapSelection = { kind: 'site'; siteId: string } | { kind: 'vehicle'; vehicleNo: number } | null;
export type MapPick = Exclude<MapSelection, null> | { kind: 'request'; requestId: string };
/** A point chosen in "pick on map" mode; a click on a site gives that site. */
export type MapPoint = { lon: number; lat: number; siteId: string | null };

type DispatchMapState = {
  /** The routes of the plan the officer is looking at. */
  planRoutes: readonly RoutePath[];
  /** Remaining routes of the vehicles en route. */
  dispatchRoutes: readonly RoutePath[];
  destinations: readonly DestinationMark[];
  coverage: CoverageBands | null;
  heat: readonly HeatPoint[];
  /** The heat layer's clock, in coarse steps (a new layer per step, not per second). */
  heatNow: number;
  /** Clicks choose a destination instead of selecting sites and vehicles. */
  pickMode: boolean;
};

const NO_DISPATCH: DispatchMapState = { planRoutes: [], dispatchRoutes: [], destinations: [], coverage: null, heat: [], heatNow: 0, pickMode: false };

/**
 * The dispatch parts are optional so a map without them (the position benchmark's page)
 * needs none of it; the board always passes them.
 */
export type BoardMapState = {
  sites: readonly Site[];
  visibility: Omit<LayerVisibility, 'coverage' | 'heat'> & Partial<Pick<LayerVisibility, 'coverage' | 'heat'>>;
  language: 'zh-CN' | 'en';
  selection: MapSelection;
} & Partial<DispatchMapState>;

export type BoardMap = {
  readonly map: maplibregl.Map;
  isLoaded(): boolean;
  update(state: Partial<BoardMapState>): void;
  resetView(): void;
  /** Loads every base-map tile again (after the backend came back). */
  reloadTiles(): void;
  layerSummary(): LayerSummary[];
  /** The site list the current deck layers were built from (ready checks compare it). */
  drawnSites(): readonly Site[];
  /** deck.gl is initialised and every current layer has loaded (icons, fonts): clicks can pick. */
  layersReady(): boolean;
  /** Viewport CSS pixels of a lon/lat (for tests and anchored UI). */
  project(lon: number, lat: number): { x: number; y: number };
  /** Road features of the loaded base-map tiles (their names are the street search). */
  roadFeatures(): RoadFeature[];
  /** Centres the map on a place, zooming in at least to `minZoom`. */
  flyTo(lon: number, lat: number, minZoom?: number): void;
  /** Shows all these points, clear of the panels given as padding (pixels per side). */
  fitTo(points: readonly (readonly [number, number])[], padding: { top: number; right: number; bottom: number; left: number }): void;
  /** maplibre's own words (zoom buttons, the map's accessible name) in another language. */
  setLocale(locale: Record<string, string>): void;
  destroy(): void;
};

export type RoadFeature = { properties: Record<string, unknown> | null; geometry: { type: string; coordinates: unknown } };

export type BoardMapOptions = {
  container: HTMLElement;
  info: MapInfo;
  feed: VehicleFeed;
  state: BoardMapState;
  /** maplibre UI strings (zoom buttons...). */
  locale?: Record<string, string>;
  onPick(pick: MapPick): void;
  /** A point clicked in pick mode. */
  onPickPoint?(point: MapPoint): void;
  /** Tooltip text for a vehicle, e.g. its plate. */
  describeVehicle(vehicleNo: number): string | null;
  onLoad(): void;
};

let workerConfigured = false;

/** The tile protocol is global to maplibre; the latest client wins (one board per window). */
export function registerTileProtocol(client: Pick<BoardClient, 'call'>): void {
  maplibregl.removeProtocol(TILE_PROTOCOL);
  maplibregl.addProtocol(TILE_PROTOCOL, createTileLoader(client));
}

const TOOLTIP_STYLE: Partial<CSSStyleDeclaration> = {
  backgroundColor: '#1b2433',
  color: '#e6edf7',
  border: '1px solid #33415a',
  borderRadius: '3px',
  fontSize: '12px',
  padding: '3px 8px',
};

const cssFontList = MAP_FONT_STACK.map((f) => (f.includes(' ') ? `"${f}"` : f)).join(', ');

/**
 * The map: maplibre base map with deck.gl drawn over it (MapLibreOverlay, not interleaved).
 * No React here; MapView owns one of these. Layers are rebuilt only when their inputs
 * change, and vehicle updates are coalesced to one per animation frame.
 */
export function createBoardMap(options: BoardMapOptions): BoardMap {
  const { info, feed, container } = options;
  if (!workerConfigured) {
    maplibregl.setWorkerUrl(workerUrl);
    workerConfigured = true;
  }
  let state = options.state;
  let loaded = false;
  let destroyed = false;
  let layers: Layer[] = [];
  let drawnSites: readonly Site[] = [];
  let deckLoaded = false;
  const icon: VehicleIcon = drawArrowIcon(container.ownerDocument);

  const map = new maplibregl.Map({
    container,
    style: createBaseStyle(info),
    center: info.center,
    zoom: info.zoom,
    minZoom: Math.max(0, info.minzoom - 1),
    // Vector tiles overzoom cleanly, so allow street level beyond the tiles' own maxzoom.
    maxZoom: Math.min(22, info.maxzoom + 4),
    attributionControl: { compact: false },
    maplibreLogo: false,
    // North stays up: vehicle arrows and the officers' mental map both rely on it.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    rollEnabled: false,
    localIdeographFontFamily: cssFontList,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  map.touchZoomRotate.disableRotation();
  const navigation = new maplibregl.NavigationControl({ showCompass: false });
  map.addControl(navigation, 'bottom-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  const siteName = (s: Site) => (state.language === 'en' ? s.nameEn : s.name);

  const onClick = (info: PickingInfo) => {
    // In pick mode the maplibre click handler below owns the click.
    if (state.pickMode) return;
    const id = info.layer?.id;
    if (id === DESTINATION_LAYER_ID) {
      const mark = info.object as DestinationMark | undefined;
      if (mark && mark.kind === 'active') options.onPick({ kind: 'request', requestId: mark.id });
    } else if (id === DEPOT_LAYER_ID || id === QUICKPICK_LAYER_ID) {
      const site = info.object as Site | undefined;
      if (site) options.onPick({ kind: 'site', siteId: site.id });
    } else if (id === VEHICLE_LAYER_ID) {
      const no = vehicleNoAt(feed.buffers, info.index);
      if (no !== null) options.onPick({ kind: 'vehicle', vehicleNo: no });
    }
  };

  const getTooltip = (info: PickingInfo) => {
    if (!info.picked || !info.layer) return null;
    let text: string | null = null;
    if (info.layer.id === VEHICLE_LAYER_ID) {
      const no = vehicleNoAt(feed.buffers, info.index);
      text = no === null ? null : options.describeVehicle(no);
    } else if (info.object) {
      text = siteName(info.object as Site);
    }
    return text ? { text, style: TOOLTIP_STYLE } : null;
  };

  // The deck canvas lets pointer events through to maplibre, so the cursor is set there.
  const onHover = (info: PickingInfo) => {
    map.getCanvas().style.cursor = state.pickMode ? 'crosshair' : info.picked ? 'pointer' : '';
  };

  // deck creates its WebGL device asynchronously; until onLoad it ignores clicks.
  const onDeckLoad = () => {
    deckLoaded = true;
    keepDeckCanvasOutOfTheWay(map.getContainer());
  };
  const overlay = new MapLibreOverlay({ interleaved: false, layers: [], onClick, onHover, getTooltip, onLoad: onDeckLoad, pickingRadius: 4 });
  map.addControl(overlay);

  // Memo keys: a layer instance is reused until one of its inputs changes.
  const memo: Record<string, { key: unknown[]; layer: Layer }> = {};
  const memoLayer = (id: string, key: unknown[], build: () => Layer): Layer => {
    const hit = memo[id];
    if (hit && hit.key.length === key.length && hit.key.every((k, i) => k === key[i])) return hit.layer;
    const layer = build();
    memo[id] = { key, layer };
    return layer;
  };

  const render = () => {
    if (destroyed) return;
    const { sites, visibility, language, selection } = state;
    const d = { ...NO_DISPATCH, ...state };
    const showCoverage = visibility.coverage ?? false;
    const showHeat = visibility.heat ?? false;
    map.getCanvas().style.cursor = d.pickMode ? 'crosshair' : '';
    const b = feed.buffers;
    const selectedSiteId = selection?.kind === 'site' ? selection.siteId : null;
    const selectedSlot = selection?.kind === 'vehicle' ? (b.slotByNo.get(selection.vehicleNo) ?? null) : null;
    // Bottom to top. Sites sit above vehicles: they are fixed landmarks, and a click on a
    // depot must open the depot even with vehicles parked on it.
    layers = [
      memoLayer('coverage', [d.coverage, showCoverage], () => createCoverageLayer(d.coverage, { visible: showCoverage })),
      memoLayer('heat', [d.heat, d.heatNow, showHeat], () => createHeatLayer(d.heat, { visible: showHeat, now: d.heatNow })),
      memoLayer('dispatch-routes', [d.dispatchRoutes], () => createRouteLayer(d.dispatchRoutes, { id: DISPATCH_ROUTE_LAYER_ID, visible: true })),
      memoLayer('plan-routes', [d.planRoutes], () => createRouteLayer(d.planRoutes, { id: PLAN_ROUTE_LAYER_ID, visible: true })),
      memoLayer('vehicles', [b.version, b.length, b.positions, visibility.vehicles, selectedSlot], () =>
        createVehicleLayer(b, { visible: visibility.vehicles, icon, selectedSlot }),
      ),
      memoLayer('quickpicks', [sites, visibility.quickpicks, selectedSiteId], () =>
        createQuickPickLayer(sites, { visible: visibility.quickpicks, selectedId: selectedSiteId }),
      ),
      memoLayer('depots', [sites, visibility.depots, selectedSiteId], () =>
        createDepotLayer(sites, { visible: visibility.depots, selectedId: selectedSiteId }),
      ),
      memoLayer('destinations', [d.destinations], () => createDestinationLayer(d.destinations, { visible: true })),
      memoLayer('labels', [sites, visibility.labels, language], () =>
        createSiteLabelLayer(sites, { visible: visibility.labels, language }),
      ),
    ];
    overlay.setProps({ layers });
    drawnSites = sites;
  };

  const frames = createFrameScheduler(() => render());
  const schedule = () => frames.schedule();

  const unsubscribe = feed.subscribe(schedule);
  const staleTimer = setInterval(() => feed.tick(), 1000);

  logMapErrors(map, '[map]');

  // Pick mode: any point of the map, or the site under the cursor when there is one.
  map.on('click', (event) => {
    if (!state.pickMode || destroyed) return;
    const hit = deckLoaded ? overlay.pickObject({ x: event.point.x, y: event.point.y, radius: 6, layerIds: [DEPOT_LAYER_ID, QUICKPICK_LAYER_ID] }) : null;
    const site = (hit?.object as Site | undefined) ?? null;
    options.onPickPoint?.(site ? { lon: site.lon, lat: site.lat, siteId: site.id } : { lon: event.lngLat.lng, lat: event.lngLat.lat, siteId: null });
  });

  map.on('load', () => {
    if (destroyed) return;
    loaded = true;
    render();
    options.onLoad();
  });
  render();

  return {
    map,
    isLoaded: () => loaded,
    update(next) {
      state = { ...state, ...next };
      schedule();
    },
    resetView() {
      const [w, s, e, n] = info.bounds;
      map.fitBounds([w, s, e, n], { padding: 40, duration: 600 });
    },
    reloadTiles() {
      if (map.getSource(BASE_SOURCE_ID)) map.refreshTiles(BASE_SOURCE_ID);
    },
    layerSummary: () => summarizeLayers(layers),
    drawnSites: () => drawnSites,
    layersReady: () => deckLoaded && layers.every((layer) => layer.isLoaded),
    project(lon, lat) {
      const p = map.project([lon, lat]);
      const rect = map.getContainer().getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
    setLocale(locale) {
      // maplibre reads its words once, when a control is added; a language switch sets them again.
      Object.assign(map._locale, locale);
      navigation._setButtonTitle(navigation._zoomInButton, 'ZoomIn');
      navigation._setButtonTitle(navigation._zoomOutButton, 'ZoomOut');
      map.getCanvas().setAttribute('aria-label', map._getUIString('Map.Title'));
    },
    roadFeatures() {
      if (!loaded || !map.getSource(BASE_SOURCE_ID)) return [];
      return map.querySourceFeatures(BASE_SOURCE_ID, { sourceLayer: 'roads' }).map((f) => ({ properties: f.properties, geometry: f.geometry as RoadFeature['geometry'] }));
    },
    flyTo(lon, lat, minZoom = 14) {
      map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), minZoom), duration: 500 });
    },
    fitTo(points, padding) {
      if (points.length === 0) return;
      let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [x, y] of points) {
        w = Math.min(w, x);
        s = Math.min(s, y);
        e = Math.max(e, x);
        n = Math.max(n, y);
      }
      const { clientWidth, clientHeight } = map.getContainer();
      // A panel wider than the map leaves no room to fit into: keep the view.
      if (clientWidth - padding.left - padding.right < 80 || clientHeight - padding.top - padding.bottom < 80) return;
      // Street level is too close for a route: keep the neighbourhood in view.
      map.fitBounds([w, s, e, n], { padding, maxZoom: 15, duration: 500 });
    },
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
