import { z } from 'zod';

/**
 * Where the base map comes from, as a workstation's administrator sets it in Settings:
 *
 * - `city`: the imported offline map of the city in use (vector tiles, WGS-84). The default.
 * - `mbtiles` / `pmtiles`: an offline tile package on this machine (raster or vector,
 *   compressed or not: the package says which).
 * - `xyz`: a tile URL with {z}/{x}/{y} (or {-y} for TMS rows), raster or vector: the
 *   department's PGIS.
 * - `wmts`: an OGC WMTS service, by its capabilities URL (KVP or REST); the layer, tile matrix
 *   set and format are read from the capabilities, a layer may be named.
 *
 * Each declares its coordinate system. CGCS2000 is within centimetres of WGS-84 and drawn as
 * it; a GCJ-02 map (most Chinese map services) is offset by up to several hundred metres, so the
 * board converts everything it draws over it (vehicles, sites, routes, coverage) and every
 * click back. Routing always works in WGS-84.
 *
 * The backend fetches and reads the tiles (the page's CSP lets it reach nothing else), and
 * they reach the renderer as bytes through the board API like the city's own.
 */
export const MAP_CRS = ['wgs84', 'gcj02'] as const;
export type MapCrs = (typeof MAP_CRS)[number];
const crs = z.enum(MAP_CRS);

export const TILE_FORMATS = ['vector', 'raster'] as const;
export type TileFormat = (typeof TILE_FORMATS)[number];

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => /^https?:\/\/[^\s/]+/i.test(s), 'an http:// or https:// address');
const filePath = z.string().trim().min(1).max(1000);
const zoom = z.number().int().min(0).max(24);

export const mapSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('city') }),
  z.strictObject({ kind: z.literal('mbtiles'), path: filePath, crs }),
  z.strictObject({ kind: z.literal('pmtiles'), path: filePath, crs }),
  z.strictObject({
    kind: z.literal('xyz'),
    url: httpUrl.refine((s) => s.includes('{z}') && s.includes('{x}') && (s.includes('{y}') || s.includes('{-y}')), 'a tile address with {z}, {x} and {y} (or {-y})'),
    format: z.enum(TILE_FORMATS),
    crs,
    minzoom: zoom.default(0),
    maxzoom: zoom.default(18),
  }),
  z.strictObject({
    kind: z.literal('wmts'),
    /** The capabilities document: …?SERVICE=WMTS&REQUEST=GetCapabilities, or …/1.0.0/WMTSCapabilities.xml. */
    url: httpUrl,
    /** The layer's identifier; empty: the first layer with a usable tile matrix set. */
    layer: z.string().trim().max(200).default(''),
    crs,
  }),
]);
export type MapSource = z.infer<typeof mapSourceSchema>;
export type MapSourceInput = z.input<typeof mapSourceSchema>;

export const CITY_SOURCE: MapSource = { kind: 'city' };

/** The coordinate system a source's tiles are drawn in. */
export const sourceCrs = (s: MapSource): MapCrs => (s.kind === 'city' ? 'wgs84' : s.crs);

/** Why a source's tile could not be had: what the check button says, and the map's error. */
export const SOURCE_PROBLEMS = [
  'unreachable',
  'http_error',
  'html',
  'wrong_type',
  'not_a_package',
  'no_layer',
  'bad_capabilities',
  'not_found',
  'too_large',
] as const;
export type SourceProblem = (typeof SOURCE_PROBLEMS)[number];

export const sourceCheckSchema = z.strictObject({
  ok: z.boolean(),
  /** Set when not ok. */
  problem: z.enum(SOURCE_PROBLEMS).nullable(),
  /** What was found, in English (the code above is translated; this is the detail for support). */
  detail: z.string().max(500),
  format: z.enum(TILE_FORMATS).nullable(),
  /** The tile fetched: its address (a URL or z/x/y) and size. */
  tile: z.string().max(2100),
  bytes: z.number().int().min(0),
  ms: z.number().min(0),
});
export type SourceCheck = z.infer<typeof sourceCheckSchema>;

/** A URL template's tile: {z} {x} {y}, {-y} for a TMS row, {s} for a subdomain (a, b, c in turn). */
export function xyzTileUrl(template: string, z: number, x: number, y: number): string {
  const sub = 'abc'[(x + y) % 3]!;
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{-y}', String(2 ** z - 1 - y))
    .replaceAll('{y}', String(y))
    .replaceAll('{s}', sub);
}

/** What a tile's first bytes say it is. */
export type TileSniff = 'png' | 'jpeg' | 'webp' | 'gzip' | 'zlib' | 'html' | 'xml' | 'json' | 'mvt' | 'unknown';

export function sniffTile(bytes: Uint8Array): TileSniff {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'webp';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.length >= 2 && b[0] === 0x78 && (b[1] === 0x01 || b[1] === 0x5e || b[1] === 0x9c || b[1] === 0xda)) return 'zlib';
  // Text: skip a BOM and white space.
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  if (b[i] === 0x3c) {
    const head = String.fromCharCode(...b.subarray(i, i + 200)).toLowerCase();
    return head.startsWith('<?xml') && !head.includes('<html') ? 'xml' : head.includes('html') || head.startsWith('<!doctype') ? 'html' : 'xml';
  }
  if (b[i] === 0x7b || b[i] === 0x5b) return 'json';
  // A vector tile is a protobuf whose first field is a layer (field 3, length-delimited: 0x1a).
  if (b[0] === 0x1a) return 'mvt';
  return 'unknown';
}

export const isRasterSniff = (s: TileSniff) => s === 'png' || s === 'jpeg' || s === 'webp';

/** The Web-Mercator tile that holds a point. */
export function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x: Math.max(0, Math.min(n - 1, x)), y: Math.max(0, Math.min(n - 1, y)) };
}
