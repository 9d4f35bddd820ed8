import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { MapInfo } from '../../shared/board-api';

export const BASE_SOURCE_ID = 'base';
export const TILE_URL_TEMPLATE = 'jbtiles://{z}/{x}/{y}';
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';
/**
 * Local fonts only: with no `glyphs` URL maplibre draws every label with these families
 * itself, so CJK road names need no glyph server and nothing is fetched.
 */
export const MAP_FONT_STACK = ['Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'sans-serif'];

export const BASE_COLORS = {
  background: '#0b1220',
  area: '#111a2b',
  water: '#0f2236',
  green: '#10231c',
  building: '#151f31',
  roadMajor: '#5b6b85',
  roadMid: '#46546b',
  roadMinor: '#2c374a',
  path: '#3a4558',
  label: '#9aa7bb',
  placeLabel: '#c3cddc',
  labelHalo: '#0b1220',
} as const;

const MAJOR = ['motorway', 'trunk', 'primary'];
const MID = ['secondary', 'tertiary'];
const classIs = (classes: string[]): ExpressionSpecification => ['in', ['get', 'class'], ['literal', classes]];

function widthByZoom(at12: number, at18: number): ExpressionSpecification {
  return ['interpolate', ['exponential', 1.5], ['zoom'], 10, at12 * 0.5, 12, at12, 18, at18];
}

/**
 * The dark base map from `map.info`. Only layers whose source-layer exists in the tiles
 * are added, so a city imported with fewer layers still renders.
 */
export function createBaseStyle(info: MapInfo, attribution = OSM_ATTRIBUTION): StyleSpecification {
  if (info.format === 'raster') return createRasterStyle(info);
  const has = (name: string) => info.layers.includes(name);
  const layers: LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': BASE_COLORS.background } }];

  if (has('areas')) {
    layers.push({
      id: 'areas',
      type: 'fill',
      source: BASE_SOURCE_ID,
      'source-layer': 'areas',
      paint: {
        'fill-color': [
          'match',
          ['get', 'class'],
          ['water', 'river', 'lake', 'riverbank'],
          BASE_COLORS.water,
          ['park', 'grass', 'forest', 'wood', 'garden', 'meadow'],
          BASE_COLORS.green,
          ['building'],
          BASE_COLORS.building,
          BASE_COLORS.area,
        ],
        'fill-opacity': 0.85,
      },
    });
  }

  if (has('buildings')) {
    // Footprints only where they read as buildings: fading in from zoom 14.
    layers.push({
      id: 'buildings',
      type: 'fill',
      source: BASE_SOURCE_ID,
      'source-layer': 'buildings',
      minzoom: 14,
      paint: { 'fill-color': BASE_COLORS.building, 'fill-outline-color': BASE_COLORS.roadMinor, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0, 15, 0.9] },
    });
  }

  if (has('roads')) {
    layers.push(
      {
        id: 'roads-path',
        type: 'line',
        source: BASE_SOURCE_ID,
        'source-layer': 'roads',
        minzoom: 14,
        filter: ['==', ['get', 'class'], 'path'],
        layout: { 'line-cap': 'butt' },
        paint: { 'line-color': BASE_COLORS.path, 'line-width': 1, 'line-dasharray': [2, 2], 'line-opacity': 0.6 },
      },
      {
        id: 'roads-minor',
        type: 'line',
        source: BASE_SOURCE_ID,
        'source-layer': 'roads',
        filter: ['!', ['in', ['get', 'class'], ['literal', [...MAJOR, ...MID, 'path']]]],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': BASE_COLORS.roadMinor, 'line-width': widthByZoom(0.8, 6) },
      },
      {
        id: 'roads-mid',
        type: 'line',
        source: BASE_SOURCE_ID,
        'source-layer': 'roads',
        filter: classIs(MID),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': BASE_COLORS.roadMid, 'line-width': widthByZoom(1.4, 10) },
      },
      {
        id: 'roads-major',
        type: 'line',
        source: BASE_SOURCE_ID,
        'source-layer': 'roads',
        filter: classIs(MAJOR),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': BASE_COLORS.roadMajor, 'line-width': widthByZoom(2, 14) },
      },
      {
        id: 'road-labels',
        type: 'symbol',
        source: BASE_SOURCE_ID,
        'source-layer': 'roads',
        minzoom: 13,
        filter: ['all', ['has', 'name'], ['!=', ['get', 'class'], 'path']],
        layout: {
          'symbol-placement': 'line',
          'text-field': ['get', 'name'],
          'text-font': MAP_FONT_STACK,
          'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 18, 13],
          'text-max-angle': 30,
          'symbol-spacing': 300,
        },
        paint: { 'text-color': BASE_COLORS.label, 'text-halo-color': BASE_COLORS.labelHalo, 'text-halo-width': 1.5 },
      },
    );
  }

  if (has('places')) {
    // District and town names over everything else, larger for larger places.
    layers.push({
      id: 'place-labels',
      type: 'symbol',
      source: BASE_SOURCE_ID,
      'source-layer': 'places',
      filter: ['has', 'name'],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': MAP_FONT_STACK,
        'text-size': ['match', ['get', 'class'], ['city'], 17, ['town'], 15, ['suburb', 'village'], 13, 11],
        'text-letter-spacing': 0.04,
      },
      paint: { 'text-color': BASE_COLORS.placeLabel, 'text-halo-color': BASE_COLORS.labelHalo, 'text-halo-width': 1.8 },
    });
  }

  return {
    version: 8,
    name: 'jingbao-dark',
    // No `glyphs` and no `sprite`: nothing may leave the machine (see MAP_FONT_STACK).
    sources: {
      [BASE_SOURCE_ID]: {
        type: 'vector',
        tiles: [TILE_URL_TEMPLATE],
        bounds: info.bounds,
        minzoom: info.minzoom,
        maxzoom: info.maxzoom,
        attribution: mergeAttribution(info.attribution, attribution),
      },
    },
    layers,
  };
}

/**
 * A raster base map (the department's PGIS, an offline image package) drawn as it is, a little
 * dimmed and desaturated so the board's own marks stay the brightest things on it. Its notice
 * is its own: the OSM one belongs to maps made from OSM data.
 */
function createRasterStyle(info: MapInfo): StyleSpecification {
  return {
    version: 8,
    name: 'jingbao-raster',
    sources: {
      [BASE_SOURCE_ID]: {
        type: 'raster',
        tiles: [TILE_URL_TEMPLATE],
        tileSize: info.tileSize,
        minzoom: info.minzoom,
        maxzoom: info.maxzoom,
        ...(info.attribution ? { attribution: info.attribution } : {}),
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BASE_COLORS.background } },
      { id: 'raster', type: 'raster', source: BASE_SOURCE_ID, paint: { 'raster-brightness-max': 0.8, 'raster-saturation': -0.25, 'raster-fade-duration': 0 } },
    ],
  };
}

/** The OSM notice is required by the ODbL; keep the tiles' own text too if it says more. */
export function mergeAttribution(fromTiles: string, required: string): string {
  const text = fromTiles.trim();
  if (!text) return required;
  return text.includes('OpenStreetMap') ? text : `${text} | ${required}`;
}
