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
import { drawLevelAtlas, drawVehicleAtlas } from './symbols';
import { BASE_SOURCE_ID, createBaseStyle, MAP_FONT_STACK } from './base-style';
import { createAlertLayer, type AlertMark } from './alert-layer';
import { createCoverageLayer, type CoverageBands } from './coverage-layer';
import { createDepotLayer, DEPOT_LAYER_ID } from './depot-layer';
import { createDestinationLayer, DESTINATION_LAYER_ID, type DestinationMark } from './destination-layer';
import { createHeatLayer, type HeatFrame } from './heat-layer';
import { summarizeLayers, type LayerSummary } from './layer-summary';
import { createQuickPickLayer, QUICKPICK_LAYER_ID } from './quickpick-layer';
import { createStationLayer, STATION_LAYER_ID } from './station-layer';
import { createRouteLayer, DISPATCH_ROUTE_LAYER_ID, PLAN_ROUTE_LAYER_ID, type RoutePath } from './route-layer';
import { createLabelMeasurer, labelCharacterSet } from './label-font';
import { createSiteLabeller, createSiteLabelLayers, SITE_LABEL_LAYER_ID, type SiteLabel, type SiteLabelPlacement } from './site-label-layer';
import { FRAME_MARGIN, mapObstacles, paddingAround, roomLeft, sitesBounds, sitesOnMap, type Padding } from './framing';
import { screenPointsOf } from './screen-projector';
import { createDisplayCrs } from './display-crs';
import { createTileLoader, TILE_PROTOCOL } from './tile-protocol';
import { vehicleNoAt } from './vehicle-buffers';
import type { VehicleFeed } from './vehicle-feed';
import { createVehicleLayer, VEHICLE_LAYER_ID, type VehicleIcon } from './vehicle-layer';
import { createFrameScheduler, logMapErrors } from './render-loop';

export type LayerVisibility = {
  vehicles: boolean;
  depots: boolean;
  quickpicks: boolean;
  /** Police stations (派出所); their switch is offered only in a city that has them. */
  stations: boolean;
  labels: boolean;
  /** Drive-time areas from the depots and quick-pick points (map.coverage). */
  coverage: boolean;
  /** Recent requests by destination, weighted by recency. */
  heat: boolean;
};
/** Whether a site's marker (and so its name) is on: each kind under its own layer switch. */
export const siteShown = (s: Site, v: Pick<LayerVisibility, 'depots' | 'quickpicks' | 'stations'>): boolean =>
  s.kind === 'quickpick' ? v.quickpicks : s.kind === 'station' ? v.stations : v.depots;

export type MapSelection = { kind: 'site'; siteId: string } | { kind: 'vehicle'; vehicleNo: number } | null;
export type MapPick = Exclude<MapSelection, null> | { kind: 'request'; requestId: string };
/**
 * A point chosen in "pick on map" mode; a click on a site gives that site (its position).
 * `clicked` is where the click itself was: placing a site takes that, never another site's place.
 */
export type MapPoint = { lon: number; lat: number; siteId: string | null; clicked: { lon: number; lat: number } };

type DispatchMapState = {
  /** The routes of the plan the officer is looking at. */
  planRoutes: readonly RoutePath[];
  /** Remaining routes of the vehicles en route. */
  dispatchRoutes: readonly RoutePath[];
  destinations: readonly DestinationMark[];
  /** Alerts not closed that have a place: rings in their level's colour (alert-layer.ts). */
  alerts: readonly AlertMark[];
  coverage: CoverageBands | null;
  /** Request density as of its last 5-minute refresh (heat-layer.ts); null while the layer is off. */
  heat: HeatFrame | null;
  /** Clicks choose a destination instead of selecting sites and vehicles. */
  pickMode: boolean;
};

const NO_DISPATCH: DispatchMapState = { planRoutes: [], dispatchRoutes: [], destinations: [], alerts: [], coverage: null, heat: null, pickMode: false };

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
  /** Where the site names are on screen now (viewport CSS px), and which could not be placed. */
  labelPlacement(): SiteLabelPlacement & { origin: { x: number; y: number } };
  /** The padding the first view and reset use now: the map's edges, its panels and controls, room for names. */
  framePadding(): Padding;
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

/** How far a pointer may move during a click (maplibre's default is 3 px). */
export const CLICK_TOLERANCE_PX = 6;
/** A click this close to a site's marker or name opens the site (markers are small; names are big targets). */
export const SITE_HIT_RADIUS_PX = 6;
/** Half the box a vehicle symbol covers, for keeping names off vehicles. */
const VEHICLE_BOX_HALF_PX = 9;
/** All sites fit well below street level; a closer fit only crowds the names. */
const FRAME_MAX_ZOOM = 15;

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
  const icon: VehicleIcon = drawVehicleAtlas(container.ownerDocument);
  const levelSymbols = drawLevelAtlas(container.ownerDocument);
  const doc = container.ownerDocument;
  const measurer = createLabelMeasurer(doc);
  const placeSiteLabels = createSiteLabeller(measurer);
  let placement: SiteLabelPlacement = { placed: [], hidden: [] };
  /**
   * The camera shows what the board chose (all sites, clear of the panels) until the officer
   * moves it or asks for a place: until then a resize (the queue growing, a window resized)
   * frames the sites again instead of cutting some off.
   */
  let autoFramed = true;

  // Over a GCJ-02 base map everything is drawn converted, and clicks read back (display-crs.ts).
  const display = createDisplayCrs(info.crs);
  const initialBounds = sitesBounds(display.points(sitesOnMap(options.state.sites, info.bounds)));
  const map = new maplibregl.Map({
    container,
    style: createBaseStyle(info),
    ...(initialBounds ? { bounds: initialBounds, fitBoundsOptions: { padding: FRAME_MARGIN } } : { center: info.center, zoom: info.zoom }),
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
    // A hand moves a few pixels while clicking, more so on a high-DPI screen; maplibre's 3 px
    // turned such a click on a depot into a tiny drag, and the click did nothing.
    clickTolerance: CLICK_TOLERANCE_PX,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  map.touchZoomRotate.disableRotation();
  const navigation = new maplibregl.NavigationControl({ showCompass: false });
  map.addControl(navigation, 'bottom-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  const siteName = (s: Site) => (state.language === 'en' ? s.nameEn : s.name);

  const siteLayerIds = () => [DEPOT_LAYER_ID, STATION_LAYER_ID, QUICKPICK_LAYER_ID, ...labelLayerIds];
  const siteAt = (x: number, y: number): Site | null => {
    const hit = overlay.pickObject({ x, y, radius: SITE_HIT_RADIUS_PX, layerIds: siteLayerIds() });
    if (!hit?.object) return null;
    // A name's plate stands for its site.
    const drawn = hit.layer?.id.startsWith(SITE_LABEL_LAYER_ID) ? (hit.object as SiteLabel).site : (hit.object as Site);
    // Drawn converted over a GCJ-02 map: the site as the board knows it.
    return display.crs === 'wgs84' ? drawn : (state.sites.find((s) => s.id === drawn.id) ?? drawn);
  };

  /**
   * One click path, from maplibre's click, picking at the click point itself. deck's own
   * onClick answers with what was under the pointer at mousedown, and a mousedown before
   * deck could pick (or one maplibre did not pass on) left the click with nothing; a click
   * that comes before deck can pick is kept and answered once it can.
   */
  const resolveClick = (x: number, y: number, lngLat: { lng: number; lat: number }) => {
    const site = siteAt(x, y);
    if (state.pickMode) {
      // Where the click is on the map, back in WGS-84 over a GCJ-02 map.
      const [lon, lat] = display.fromMap(lngLat.lng, lngLat.lat);
      const clicked = { lon, lat };
      options.onPickPoint?.(site ? { lon: site.lon, lat: site.lat, siteId: site.id, clicked } : { ...clicked, siteId: null, clicked });
      return;
    }
    if (site) {
      options.onPick({ kind: 'site', siteId: site.id });
      return;
    }
    const mark = overlay.pickObject({ x, y, radius: 4, layerIds: [DESTINATION_LAYER_ID] })?.object as DestinationMark | undefined;
    if (mark && mark.kind === 'active') {
      options.onPick({ kind: 'request', requestId: mark.id });
      return;
    }
    const vehicle = overlay.pickObject({ x, y, radius: 4, layerIds: [VEHICLE_LAYER_ID] });
    const no = vehicle ? vehicleNoAt(feed.buffers, vehicle.index) : null;
    if (no !== null) options.onPick({ kind: 'vehicle', vehicleNo: no });
  };
  // A click deck could not pick yet: kept as the place clicked, answered where that place is then.
  let pendingClick: { lng: number; lat: number } | null = null;
  const canPick = () => deckLoaded && layers.length > 0 && layers.every((l) => l.isLoaded);
  const answerPendingClick = () => {
    if (!pendingClick || !canPick() || destroyed) return;
    const lngLat = pendingClick;
    pendingClick = null;
    const p = map.project([lngLat.lng, lngLat.lat]);
    resolveClick(p.x, p.y, lngLat);
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

  // deck creates its WebGL device asynchronously; a click before then waits for it.
  const onDeckLoad = () => {
    deckLoaded = true;
    keepDeckCanvasOutOfTheWay(map.getContainer());
  };
  const overlay = new MapLibreOverlay({ interleaved: false, layers: [], onHover, getTooltip, onLoad: onDeckLoad, onAfterRender: () => answerPendingClick(), pickingRadius: 4 });
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

  // Site names: placed on screen each time the camera, the sites or the vehicles move.
  let labelLayerIds: string[] = [];
  let labelMemo: { key: string; layers: Layer[]; characters: Set<string> } | null = null;
  let charactersFor: { sites: readonly Site[]; set: Set<string> } | null = null;
  const labelLayers = (sites: readonly Site[], visibility: BoardMapState['visibility'], language: BoardMapState['language'], selectedId: string | null): Layer[] => {
    if (!charactersFor || charactersFor.sites !== sites) charactersFor = { sites, set: labelCharacterSet(sites.flatMap((s) => [s.name, s.nameEn])) };
    const pixelRatio = map.getPixelRatio();
    const shown = display.points(sites).filter((s) => siteShown(s, visibility));
    const { clientWidth: w, clientHeight: h } = map.getContainer();
    const labels: SiteLabel[] = [];
    if (visibility.labels && loaded && w > 0 && h > 0) {
      const project = (lon: number, lat: number) => map.project([lon, lat]);
      const b = display.vehicles(feed.buffers);
      const vehicles = visibility.vehicles ? screenPointsOf(b.positions, b.length, project, info.bounds) : [];
      const unproject = (x: number, y: number): [number, number] => {
        const p = map.unproject([x, y]);
        return [p.lng, p.lat];
      };
      const origin = container.getBoundingClientRect();
      const covered = mapObstacles(container).map((r) => ({ x0: r.left - origin.left, y0: r.top - origin.top, x1: r.right - origin.left, y1: r.bottom - origin.top }));
      const view = { x0: 2, y0: 2, x1: w - 2, y1: h - 2 };
      const result = placeSiteLabels({ sites: shown, language, selectedId, project, unproject, vehicles, vehicleHalfPx: VEHICLE_BOX_HALF_PX, view, covered, pixelRatio });
      placement = result.placement;
      labels.push(...result.labels);
    } else placement = { placed: [], hidden: [] };
    const key = `${visibility.labels}|${pixelRatio}|${labels.map((l) => `${l.site.id}:${l.text}:${l.dx}:${l.dy}`).join('|')}`;
    if (labelMemo?.key === key && labelMemo.characters === charactersFor.set) return labelMemo.layers;
    const built = createSiteLabelLayers(labels, { visible: visibility.labels, pixelRatio, characters: charactersFor.set, measurer });
    labelLayerIds = built.filter((l) => l.props.pickable).map((l) => l.id);
    labelMemo = { key, layers: built, characters: charactersFor.set };
    return built;
  };

  const render = () => {
    if (destroyed) return;
    const { visibility, language, selection } = state;
    // What is drawn: over a GCJ-02 map, converted (the same arrays while the inputs stay the same).
    const sites = display.points(state.sites);
    const raw = { ...NO_DISPATCH, ...state };
    const d = {
      ...raw,
      planRoutes: display.paths(raw.planRoutes),
      dispatchRoutes: display.paths(raw.dispatchRoutes),
      destinations: display.points(raw.destinations),
      alerts: display.points(raw.alerts),
      coverage: display.polygons(raw.coverage),
      heat: display.weighted(raw.heat),
    };
    const showCoverage = visibility.coverage ?? false;
    const showHeat = visibility.heat ?? false;
    map.getCanvas().style.cursor = d.pickMode ? 'crosshair' : '';
    const b = display.vehicles(feed.buffers);
    const selectedSiteId = selection?.kind === 'site' ? selection.siteId : null;
    const selectedSlot = selection?.kind === 'vehicle' ? (b.slotByNo.get(selection.vehicleNo) ?? null) : null;
    // Bottom to top. Sites sit above vehicles: they are fixed landmarks, and a click on a
    // depot must open the depot even with vehicles parked on it.
    layers = [
      memoLayer('coverage', [d.coverage, showCoverage], () => createCoverageLayer(d.coverage, { visible: showCoverage })),
      memoLayer('heat', [d.heat, showHeat], () => createHeatLayer(d.heat, { visible: showHeat })),
      memoLayer('dispatch-routes', [d.dispatchRoutes], () => createRouteLayer(d.dispatchRoutes, { id: DISPATCH_ROUTE_LAYER_ID, visible: true })),
      memoLayer('plan-routes', [d.planRoutes], () => createRouteLayer(d.planRoutes, { id: PLAN_ROUTE_LAYER_ID, visible: true })),
      memoLayer('vehicles', [b.version, b.length, b.positions, visibility.vehicles, selectedSlot], () =>
        createVehicleLayer(b, { visible: visibility.vehicles, icon, selectedSlot }),
      ),
      memoLayer('quickpicks', [sites, visibility.quickpicks, selectedSiteId], () =>
        createQuickPickLayer(sites, { visible: visibility.quickpicks, selectedId: selectedSiteId }),
      ),
      memoLayer('stations', [sites, visibility.stations, selectedSiteId], () =>
        createStationLayer(sites, { visible: visibility.stations, selectedId: selectedSiteId }),
      ),
      memoLayer('depots', [sites, visibility.depots, selectedSiteId], () =>
        createDepotLayer(sites, { visible: visibility.depots, selectedId: selectedSiteId }),
      ),
      memoLayer('alerts', [d.alerts], () => createAlertLayer(d.alerts, { visible: true })),
      memoLayer('destinations', [d.destinations], () => createDestinationLayer(d.destinations, { visible: true, symbols: levelSymbols })),
      ...labelLayers(sites, visibility, language, selectedSiteId),
    ];
    overlay.setProps({ layers });
    drawnSites = state.sites;
  };

  const frames = createFrameScheduler(() => render());
  const schedule = () => frames.schedule();

  const unsubscribe = feed.subscribe(schedule);
  const staleTimer = setInterval(() => feed.tick(), 1000);

  logMapErrors(map, '[map]');

  map.on('click', (event) => {
    if (destroyed) return;
    const lngLat = { lng: event.lngLat.lng, lat: event.lngLat.lat };
    if (canPick()) resolveClick(event.point.x, event.point.y, lngLat);
    else pendingClick = lngLat;
  });

  const framePadding = (): Padding => {
    const rect = container.getBoundingClientRect();
    return paddingAround({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom }, mapObstacles(container));
  };
  /** Shows every site, clear of whatever covers the map, with room for their names. */
  const frameSites = (duration: number) => {
    const bounds = sitesBounds(display.points(sitesOnMap(state.sites, info.bounds)));
    if (!bounds) return false;
    const padding = framePadding();
    const { clientWidth, clientHeight } = container;
    if (!roomLeft(clientWidth, clientHeight, padding)) return false;
    const [w, s, e, n] = bounds;
    map.fitBounds([w, s, e, n], { padding, duration, maxZoom: FRAME_MAX_ZOOM });
    return true;
  };
  let framedOnce = false;
  const frameFirstView = () => {
    if (framedOnce || !loaded || !autoFramed) return;
    framedOnce = frameSites(0);
  };

  // The officer took the camera (drag, wheel, keys, zoom buttons): stop re-framing it.
  map.on('movestart', (event) => {
    if ((event as { originalEvent?: unknown }).originalEvent) autoFramed = false;
  });
  map.on('zoomstart', (event) => {
    if ((event as { originalEvent?: unknown }).originalEvent) autoFramed = false;
  });
  map.on('resize', () => {
    if (autoFramed && framedOnce) frameSites(0);
    schedule();
  });
  map.on('move', schedule);

  map.on('load', () => {
    if (destroyed) return;
    loaded = true;
    frameFirstView();
    render();
    options.onLoad();
  });
  render();

  return {
    map,
    isLoaded: () => loaded,
    update(next) {
      state = { ...state, ...next };
      // The sites may come after the map (the snapshot): the first view waits for them.
      if (!framedOnce) frameFirstView();
      schedule();
    },
    resetView() {
      autoFramed = true;
      framedOnce = frameSites(600) || framedOnce;
    },
    reloadTiles() {
      if (map.getSource(BASE_SOURCE_ID)) map.refreshTiles(BASE_SOURCE_ID);
    },
    layerSummary: () => summarizeLayers(layers),
    labelPlacement: () => {
      const rect = container.getBoundingClientRect();
      return { ...placement, origin: { x: rect.left, y: rect.top } };
    },
    framePadding,
    drawnSites: () => drawnSites,
    layersReady: () => deckLoaded && layers.every((layer) => layer.isLoaded),
    project(lon, lat) {
      const p = map.project(display.toMap(lon, lat));
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
      autoFramed = false;
      map.easeTo({ center: display.toMap(lon, lat), zoom: Math.max(map.getZoom(), minZoom), duration: 500 });
    },
    fitTo(points, padding) {
      if (points.length === 0) return;
      let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [lon, lat] of points) {
        const [x, y] = display.toMap(lon, lat);
        w = Math.min(w, x);
        s = Math.min(s, y);
        e = Math.max(e, x);
        n = Math.max(n, y);
      }
      const { clientWidth, clientHeight } = map.getContainer();
      // A panel wider than the map leaves no room to fit into: keep the view.
      if (clientWidth - padding.left - padding.right < 80 || clientHeight - padding.top - padding.bottom < 80) return;
      autoFramed = false;
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
