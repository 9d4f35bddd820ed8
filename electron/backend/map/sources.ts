import { open as openFile, type FileHandle } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { gunzipSync, inflateSync } from 'node:zlib';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { MAX_TILE_BYTES, mapInfoSchema, type MapInfo } from '../../../shared/map/api';
import {
  isRasterSniff,
  sniffTile,
  tileAt,
  xyzTileUrl,
  type MapSource,
  type SourceCheck,
  type SourceProblem,
  type TileFormat,
} from '../../../shared/map/source';
import { openBaseMap, type BaseMap } from './basemap';
import { parseWmtsCapabilities, WmtsError, type WmtsTiles } from './wmts';

/**
 * A base-map source the backend reads tiles from (shared/map/source.ts says which there are).
 * Tiles leave here uncompressed: a gzip- or zlib-compressed vector tile (MBTiles made by
 * tippecanoe, a PMTiles archive, a server that sends them so) is inflated first.
 */
export type TileSource = {
  readonly spec: MapSource;
  info(): Promise<MapInfo>;
  /** The tile's bytes, null where the source has none. Throws SourceError when it cannot be had. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  close(): void;
};

export class SourceError extends Error {
  constructor(
    readonly problem: SourceProblem,
    message: string,
  ) {
    super(message);
  }
}

export type SourceDeps = {
  /** The city's own offline map (the one in use: it changes when the city does). */
  cityMap: () => BaseMap;
  nativeBinding?: string;
  /** Tests stand in for the network here; the default is Node's fetch. */
  fetch?: typeof fetch;
  /** Per request (a tile, the capabilities). */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;
/** Capabilities documents of large services run to a few MB. */
const MAX_CAPABILITIES_BYTES = 8_000_000;
/** The layers the board's dark style draws (renderer/map/base-style.ts), named when a vector source has none of them. */
export const STYLE_LAYERS = ['roads', 'areas', 'buildings', 'places'];

/** A compressed vector tile, inflated; anything else as it is. */
export function inflateTile(bytes: Uint8Array): Uint8Array {
  const kind = sniffTile(bytes);
  try {
    if (kind === 'gzip') return new Uint8Array(gunzipSync(bytes));
    if (kind === 'zlib') return new Uint8Array(inflateSync(bytes));
  } catch (e) {
    throw new SourceError('wrong_type', `a compressed tile that does not inflate: ${(e as Error).message}`);
  }
  return bytes;
}

/** The layer names in a vector tile (field 3: layers; in each, field 1: its name). */
export function vectorTileLayers(bytes: Uint8Array): string[] {
  const names: string[] = [];
  let i = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (i >= bytes.length) throw new Error('truncated');
      const b = bytes[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
      if (shift > 49) throw new Error('varint too long');
    }
  };
  try {
    while (i < bytes.length) {
      const key = varint();
      const wire = key & 7;
      if (wire !== 2) return names;
      const len = varint();
      const end = i + len;
      if (end > bytes.length) return names;
      if (key >> 3 === 3) {
        // The layer message: find its name (field 1).
        let j = i;
        const save = i;
        while (j < end) {
          i = j;
          const k = varint();
          if ((k & 7) === 2) {
            const l = varint();
            if (k >> 3 === 1) {
              names.push(new TextDecoder().decode(bytes.subarray(i, i + l)));
              break;
            }
            j = i + l;
          } else if ((k & 7) === 0) {
            varint();
            j = i;
          } else if ((k & 7) === 5) j = i + 4;
          else if ((k & 7) === 1) j = i + 8;
          else break;
        }
        i = save;
      }
      i = end;
    }
  } catch {
    // A tile that does not decode has the layers found so far.
  }
  return names;
}

/** A tile's bytes checked against what the source says it serves. */
function checkBytes(bytes: Uint8Array, expect: TileFormat, contentType: string | null, where: string): Uint8Array {
  if (bytes.byteLength > MAX_TILE_BYTES) throw new SourceError('too_large', `${where}: a tile of ${bytes.byteLength} B, over the ${MAX_TILE_BYTES} B limit`);
  const kind = sniffTile(bytes);
  const type = contentType ? ` (Content-Type ${contentType})` : '';
  if (kind === 'html' || /text\/html/i.test(contentType ?? '')) throw new SourceError('html', `${where}: answered with a web page, not a tile${type} — a login or error page of a gateway?`);
  if (expect === 'raster') {
    if (!isRasterSniff(kind)) throw new SourceError('wrong_type', `${where}: not a PNG, JPEG or WebP image but ${kind}${type}`);
    return bytes;
  }
  if (isRasterSniff(kind)) throw new SourceError('wrong_type', `${where}: an image (${kind}), but the source is set as vector tiles${type}`);
  if (kind === 'xml' || kind === 'json') throw new SourceError('wrong_type', `${where}: ${kind.toUpperCase()} text, not a vector tile${type}: ${new TextDecoder().decode(bytes.subarray(0, 160)).replace(/\s+/g, ' ')}`);
  const inflated = inflateTile(bytes);
  if (inflated.byteLength && sniffTile(inflated) !== 'mvt') throw new SourceError('wrong_type', `${where}: not a vector tile${type}`);
  return inflated;
}

async function httpGet(url: string, deps: SourceDeps, maxBytes: number): Promise<{ status: number; bytes: Uint8Array; contentType: string | null }> {
  const f = deps.fetch ?? fetch;
  let res: Response;
  try {
    res = await f(url, { signal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS), redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s` : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new SourceError('unreachable', `${url}: ${why}`);
  }
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > maxBytes) {
    await res.body?.cancel();
    throw new SourceError('too_large', `${url}: ${length} B, over the ${maxBytes} B limit`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, bytes, contentType: res.headers.get('content-type') };
}

/** A tile over HTTP: null for a 404/204 (no tile there), SourceError for the rest of what can go wrong. */
async function httpTile(url: string, expect: TileFormat, deps: SourceDeps): Promise<Uint8Array | null> {
  const r = await httpGet(url, deps, MAX_TILE_BYTES);
  if (r.status === 404 || r.status === 204) return null;
  if (r.status < 200 || r.status >= 300) {
    const body = sniffTile(r.bytes) === 'html' ? ' (a web page)' : r.bytes.length ? `: ${new TextDecoder().decode(r.bytes.subarray(0, 120)).replace(/\s+/g, ' ')}` : '';
    throw new SourceError('http_error', `${url}: HTTP ${r.status}${body}`);
  }
  if (!r.bytes.byteLength) return null;
  return checkBytes(r.bytes, expect, r.contentType, url);
}

/** Node's file API behind pmtiles' Source: byte ranges of the archive, read as asked. */
class NodeFileSource implements Source {
  private handle: Promise<FileHandle> | null = null;
  constructor(private readonly path: string) {}
  getKey() {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.handle ??= openFile(this.path, 'r');
    const h = await this.handle;
    const buf = new Uint8Array(length);
    const { bytesRead } = await h.read(buf, 0, length, offset);
    return { data: buf.buffer.slice(0, bytesRead) };
  }
  close() {
    void this.handle?.then((h) => h.close()).catch(() => undefined);
    this.handle = null;
  }
}

const infoOf = (raw: unknown, where: string): MapInfo => {
  const parsed = mapInfoSchema.safeParse(raw);
  if (!parsed.success) throw new SourceError('not_a_package', `${where}: its description is not usable: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
};

const mustBeFile = (path: string) => {
  if (!existsSync(path)) throw new SourceError('not_found', `no file ${path}`);
  if (!statSync(path).isFile()) throw new SourceError('not_found', `${path} is not a file`);
};

/** The city's framing (bounds, centre, zoom) for a source that has none of its own (a tile URL). */
const cityFrame = async (deps: SourceDeps) => {
  const c = deps.cityMap().info();
  return { bounds: c.bounds, center: c.center, zoom: c.zoom };
};

function pmtilesSource(spec: Extract<MapSource, { kind: 'pmtiles' }>): TileSource {
  mustBeFile(spec.path);
  const file = new NodeFileSource(spec.path);
  const archive = new PMTiles(file);
  let format: TileFormat | null = null;
  let info: MapInfo | null = null;
  return {
    spec,
    async info() {
      if (info) return info;
      let header;
      try {
        header = await archive.getHeader();
      } catch (e) {
        throw new SourceError('not_a_package', `${spec.path} is not a PMTiles archive: ${(e as Error).message}`);
      }
      format = header.tileType === TileType.Mvt ? 'vector' : [TileType.Png, TileType.Jpeg, TileType.Webp].includes(header.tileType) ? 'raster' : null;
      if (!format) throw new SourceError('wrong_type', `${spec.path}: tiles of type ${TileType[header.tileType] ?? header.tileType}, neither vector nor PNG/JPEG/WebP`);
      const meta = ((await archive.getMetadata().catch(() => ({}))) ?? {}) as { vector_layers?: { id: string }[]; attribution?: string };
      info = infoOf(
        {
          bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
          center: [header.centerLon, header.centerLat],
          zoom: header.centerZoom,
          minzoom: header.minZoom,
          maxzoom: header.maxZoom,
          attribution: String(meta.attribution ?? '').slice(0, 500),
          layers: format === 'vector' ? (meta.vector_layers ?? []).map((l) => String(l.id).slice(0, 64)).slice(0, 32) : [],
          format,
          crs: spec.crs,
          tileSize: 256,
          source: 'pmtiles',
        },
        spec.path,
      );
      return info;
    },
    async tile(z, x, y) {
      const i = info ?? (await this.info());
      const r = await archive.getZxy(z, x, y).catch((e: Error) => {
        throw new SourceError('not_a_package', `${spec.path}: tile ${z}/${x}/${y} cannot be read: ${e.message}`);
      });
      if (!r?.data.byteLength) return null;
      return checkBytes(new Uint8Array(r.data), i.format, null, `${spec.path} ${z}/${x}/${y}`);
    },
    close: () => file.close(),
  };
}

function mbtilesSource(spec: Extract<MapSource, { kind: 'mbtiles' }>, deps: SourceDeps): TileSource {
  mustBeFile(spec.path);
  let map: BaseMap | null = null;
  const opened = () => {
    if (map) return map;
    try {
      map = openBaseMap(spec.path, deps.nativeBinding);
      map.info();
    } catch (e) {
      map = null;
      throw new SourceError('not_a_package', `${spec.path} is not an MBTiles package: ${(e as Error).message}`);
    }
    return map;
  };
  return {
    spec,
    info: async () => ({ ...opened().info(), crs: spec.crs, source: 'mbtiles' }),
    async tile(z, x, y) {
      const m = opened();
      const t = m.tile(z, x, y);
      return t ? checkBytes(new Uint8Array(t), m.info().format, null, `${spec.path} ${z}/${x}/${y}`) : null;
    },
    close: () => map?.close(),
  };
}

function xyzSource(spec: Extract<MapSource, { kind: 'xyz' }>, deps: SourceDeps): TileSource {
  let info: MapInfo | null = null;
  return {
    spec,
    async info() {
      if (info) return info;
      const frame = await cityFrame(deps);
      let layers: string[] = [];
      if (spec.format === 'vector') {
        // The tiles' layers from one in the middle; where none answers, the style's own.
        const z = Math.max(spec.minzoom, Math.min(spec.maxzoom, 14));
        const t = tileAt(frame.center[0], frame.center[1], z);
        const bytes = await httpTile(xyzTileUrl(spec.url, t.z, t.x, t.y), 'vector', deps).catch(() => null);
        layers = bytes ? vectorTileLayers(bytes).slice(0, 32) : STYLE_LAYERS;
      }
      info = infoOf({ ...frame, minzoom: spec.minzoom, maxzoom: spec.maxzoom, attribution: '', layers, format: spec.format, crs: spec.crs, tileSize: 256, source: 'xyz' }, spec.url);
      return info;
    },
    tile: (z, x, y) => (z < spec.minzoom || z > spec.maxzoom ? Promise.resolve(null) : httpTile(xyzTileUrl(spec.url, z, x, y), spec.format, deps)),
    close: () => undefined,
  };
}

/** Reads a WMTS service's capabilities and the layer the board will draw. */
export async function readWmts(spec: Extract<MapSource, { kind: 'wmts' }>, deps: SourceDeps): Promise<WmtsTiles> {
  const r = await httpGet(spec.url, deps, MAX_CAPABILITIES_BYTES);
  if (r.status < 200 || r.status >= 300) throw new SourceError('http_error', `${spec.url}: HTTP ${r.status}`);
  if (sniffTile(r.bytes) === 'html') throw new SourceError('html', `${spec.url}: answered with a web page, not WMTS capabilities (Content-Type ${r.contentType ?? 'none'})`);
  try {
    return parseWmtsCapabilities(new TextDecoder().decode(r.bytes), spec.url, spec.layer);
  } catch (e) {
    if (e instanceof WmtsError) throw new SourceError(e.problem, `${spec.url}: ${e.message}`);
    throw e;
  }
}

function wmtsSource(spec: Extract<MapSource, { kind: 'wmts' }>, deps: SourceDeps): TileSource {
  let wmts: Promise<WmtsTiles> | null = null;
  const tiles = () => {
    // A failed read is tried again at the next tile (the service may be back).
    wmts ??= readWmts(spec, deps).catch((e: unknown) => {
      wmts = null;
      throw e;
    });
    return wmts;
  };
  let info: MapInfo | null = null;
  return {
    spec,
    async info() {
      if (info) return info;
      const w = await tiles();
      const frame = await cityFrame(deps);
      info = infoOf({ ...frame, minzoom: w.minzoom, maxzoom: w.maxzoom, attribution: w.title.slice(0, 500), layers: w.format === 'vector' ? STYLE_LAYERS : [], format: w.format, crs: spec.crs, tileSize: w.tileSize, source: 'wmts' }, spec.url);
      return info;
    },
    async tile(z, x, y) {
      const w = await tiles();
      const url = w.tileUrl(z, x, y);
      return url ? httpTile(url, w.format, deps) : null;
    },
    close: () => undefined,
  };
}

function citySource(deps: SourceDeps): TileSource {
  return {
    spec: { kind: 'city' },
    info: async () => deps.cityMap().info(),
    tile: async (z, x, y) => {
      const t = deps.cityMap().tile(z, x, y);
      // A plain Uint8Array of exactly the tile: a Buffer may be a view into a larger pool,
      // which structured clone (the Electron port) would copy whole.
      return t ? new Uint8Array(t) : null;
    },
    close: () => undefined,
  };
}

export function openTileSource(spec: MapSource, deps: SourceDeps): TileSource {
  switch (spec.kind) {
    case 'city':
      return citySource(deps);
    case 'mbtiles':
      return mbtilesSource(spec, deps);
    case 'pmtiles':
      return pmtilesSource(spec);
    case 'xyz':
      return xyzSource(spec, deps);
    case 'wmts':
      return wmtsSource(spec, deps);
  }
}

/**
 * The "check" button: opens the source, reads its description and fetches the tile in the
 * middle of the city at a street-level zoom it has, and says what is wrong, if anything.
 */
export async function checkTileSource(spec: MapSource, deps: SourceDeps): Promise<SourceCheck> {
  const t0 = performance.now();
  let where = '';
  let source: TileSource | null = null;
  try {
    source = openTileSource(spec, deps);
    const info = await source.info();
    const city = deps.cityMap().info();
    const z = Math.max(info.minzoom, Math.min(info.maxzoom, 14));
    // The city's middle, or the source's own where the city lies outside it.
    const inside = (p: [number, number], b: MapInfo['bounds']) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];
    const at = inside(city.center, info.bounds) ? city.center : info.center;
    const c = tileAt(at[0], at[1], z);
    where = `${c.z}/${c.x}/${c.y}`;
    const bytes = await source.tile(c.z, c.x, c.y);
    const ms = Math.round(performance.now() - t0);
    if (!bytes) {
      return { ok: false, problem: 'not_found', detail: `no tile at ${where} (the city's middle at zoom ${z}): does the source cover this city?`, format: info.format, tile: where, bytes: 0, ms };
    }
    let detail = `${info.format === 'raster' ? sniffTile(bytes).toUpperCase() : 'vector tile'}, ${bytes.byteLength} B, zoom ${info.minzoom}–${info.maxzoom}, ${info.crs === 'gcj02' ? 'GCJ-02' : 'WGS-84'}`;
    if (info.format === 'vector') {
      const layers = vectorTileLayers(bytes);
      const drawn = layers.filter((l) => STYLE_LAYERS.includes(l));
      detail += drawn.length ? `; layers ${layers.join(', ')}` : `; its layers (${layers.join(', ') || 'none'}) are not the board's (${STYLE_LAYERS.join(', ')}): the map would be empty`;
      if (!drawn.length) return { ok: false, problem: 'wrong_type', detail: detail.slice(0, 500), format: info.format, tile: where, bytes: bytes.byteLength, ms };
    }
    return { ok: true, problem: null, detail: detail.slice(0, 500), format: info.format, tile: where, bytes: bytes.byteLength, ms };
  } catch (e) {
    const ms = Math.round(performance.now() - t0);
    const problem: SourceProblem = e instanceof SourceError ? e.problem : 'not_a_package';
    return { ok: false, problem, detail: (e as Error).message.slice(0, 500), format: null, tile: where, bytes: 0, ms };
  } finally {
    source?.close();
  }
}
