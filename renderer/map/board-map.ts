import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// A bundled maplibre cannot find its worker next to itself (file:// in Electron): point at it.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { MapInfo } from '../../shared/board-api';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { drawArrowIcon } from './arrow-icon';
import { BASE_SOURCE_ID, createBaseStyle, MAP_FONT_STACK } from './base-style';
import { createDepotLayer, DEPOT_LAYER_ID } from './depot-layer';
import { summarizeLayers, type LayerSummary } from './layer-summary';
import { createQuickPickLayer, QUICKPICK_LAYER_ID } from './quickpick-layer';
import { createSiteLabelLayer } from './site-label-layer';
import { createTileLoader, TILE_PROTOCOL } from './tile-protocol';
import { vehicleNoAt } from './vehicle-buffers';
import type { VehicleFeed } from './vehicle-feed';
import { createVehicleLayer, VEHICLE_LAYER_ID, type VehicleIcon } from './vehicle-layer';

export type LayerVisibility = { vehicles: boolean; depots: boolean; quickpicks: boolean; labels: boolean };
export type MapSelection = { kind: 'site'; siteId: string } | { kind: 'vehicle'; vehicleNo: number } | null;
export type MapPick = Exclude<MapSelection, null>;

export type BoardMapState = {
  sites: readonly Site[];
  visibility: LayerVisibility;
  language: 'zh-CN' | 'en';
  selection: MapSelection;
};

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
  destroy(): void;
};

export type BoardMapOptions = {
  container: HTMLElement;
  info: MapInfo;
  feed: VehicleFeed;
  state: BoardMapState;
  /** maplibre UI strings (zoom buttons...). */
  locale?: Record<string, string>;
  onPick(pick: MapPick): void;
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
  let frame = 0;
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
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  const siteName = (s: Site) => (state.language === 'en' ? s.nameEn : s.name);

  const onClick = (info: PickingInfo) => {
    const id = info.layer?.id;
    if (id === DEPOT_LAYER_ID || id === QUICKPICK_LAYER_ID) {
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
    map.getCanvas().style.cursor = info.picked ? 'pointer' : '';
  };

  // deck creates its WebGL device asynchronously; until onLoad it ignores clicks.
  const onDeckLoad = () => {
    deckLoaded = true;
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
    const b = feed.buffers;
    const selectedSiteId = selection?.kind === 'site' ? selection.siteId : null;
    const selectedSlot = selection?.kind === 'vehicle' ? (b.slotByNo.get(selection.vehicleNo) ?? null) : null;
    // Bottom to top. Sites sit above vehicles: they are fixed landmarks, and a click on a
    // depot must open the depot even with vehicles parked on it.
    layers = [
      memoLayer('vehicles', [b.version, b.length, b.positions, visibility.vehicles, selectedSlot], () =>
        createVehicleLayer(b, { visible: visibility.vehicles, icon, selectedSlot }),
      ),
      memoLayer('quickpicks', [sites, visibility.quickpicks, selectedSiteId], () =>
        createQuickPickLayer(sites, { visible: visibility.quickpicks, selectedId: selectedSiteId }),
      ),
      memoLayer('depots', [sites, visibility.depots, selectedSiteId], () =>
        createDepotLayer(sites, { visible: visibility.depots, selectedId: selectedSiteId }),
      ),
      memoLayer('labels', [sites, visibility.labels, language], () =>
        createSiteLabelLayer(sites, { visible: visibility.labels, language }),
      ),
    ];
    overlay.setProps({ layers });
    drawnSites = sites;
  };

  const schedule = () => {
    if (frame || destroyed) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  };

  const unsubscribe = feed.subscribe(schedule);
  const staleTimer = setInterval(() => feed.tick(), 1000);

  // Tile errors repeat for every tile while the backend is away; say it once in a while.
  let lastErrorLog = 0;
  map.on('error', (event) => {
    const now = Date.now();
    if (now - lastErrorLog < 10_000) return;
    lastErrorLog = now;
    console.warn('[map]', event.error?.message ?? event);
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
    destroy() {
      destroyed = true;
      if (frame) cancelAnimationFrame(frame);
      clearInterval(staleTimer);
      unsubscribe();
      map.removeControl(overlay);
      map.remove();
    },
  };
}
