import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// The backend's one SQLite binding (Electron loads it through nativeBinding); the base map is not encrypted.
import Database from 'better-sqlite3-multiple-ciphers';
import { BoardError, mapInfoSchema, type MapInfo } from '../../../shared/board-api';
import { namesFileSchema, type NamesFile } from '../../../shared/city/street-index';

/**
 * The offline base map: an MBTiles file of uncompressed vector tiles, built by
 * scripts/build-demo-city.ts (or imported for a department's own city). Opened
 * read-only and lazily, so a missing file is a clear error on the map, not a crash.
 * An offline tile package from elsewhere (raster, or gzipped vector tiles) is read through the
 * same code by map/sources.ts, which says its coordinate system and inflates its tiles.
 */
export function openBaseMap(path: string, nativeBinding?: string) {
  let db: Database.Database | null = null;
  let info: MapInfo | null = null;
  let tileStmt: Database.Statement | null = null;

  const open = () => {
    if (db) return db;
    if (!existsSync(path)) throw new BoardError('unavailable', `base map not found at ${path}: run 'npm run build:demo-city'`);
    db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    tileStmt = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    return db;
  };

  let names: NamesFile | null = null;
  return {
    /**
     * The city's street and place names (names.json beside the base map, built with it), read
     * once. A base map without one (built before names existed) gives none: the board then
     * finds streets in the tiles it has loaded.
     */
    names(): NamesFile {
      if (names) return names;
      const file = join(dirname(path), 'names.json');
      if (!existsSync(file)) return (names = { streets: [], places: [] });
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new BoardError('unavailable', `${file} cannot be read: ${(e as Error).message}`);
      }
      const parsed = namesFileSchema.safeParse(json);
      if (!parsed.success) throw new BoardError('unavailable', `${file} is not a street index: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return (names = parsed.data);
    },
    info(): MapInfo {
      if (info) return info;
      const rows = open().prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[];
      const meta = Object.fromEntries(rows.map((r) => [r.name, r.value]));
      const nums = (s: string | undefined) => (s ?? '').split(',').map(Number);
      const layers = (() => {
        try {
          return (JSON.parse(meta.json ?? '{}') as { vector_layers?: { id: string }[] }).vector_layers?.map((l) => l.id) ?? [];
        } catch {
          return [];
        }
      })();
      const center = nums(meta.center);
      // MBTiles 1.3: pbf for vector tiles, png/jpg/webp for images.
      const format = /^(png|jpe?g|webp)$/i.test(meta.format ?? '') ? 'raster' : 'vector';
      const parsed = mapInfoSchema.safeParse({
        bounds: nums(meta.bounds),
        center: [center[0], center[1]],
        zoom: center[2] ?? 13,
        minzoom: Number(meta.minzoom ?? 0),
        maxzoom: Number(meta.maxzoom ?? 14),
        attribution: (meta.attribution ?? '').slice(0, 500),
        layers: format === 'vector' ? layers.slice(0, 32) : [],
        format,
        crs: 'wgs84',
        tileSize: 256,
        source: 'city',
      });
      if (!parsed.success) throw new BoardError('unavailable', `base map metadata is invalid: ${parsed.error.message.slice(0, 300)}`);
      info = parsed.data;
      return info;
    },
    /** XYZ tile (y from the top); MBTiles stores TMS rows (y from the bottom). */
    tile(z: number, x: number, y: number): Buffer | null {
      open();
      const row = tileStmt!.get(z, x, 2 ** z - 1 - y) as { tile_data: Buffer } | undefined;
      return row?.tile_data ?? null;
    },
    close() {
      db?.close();
      db = null;
    },
  };
}
export type BaseMap = ReturnType<typeof openBaseMap>;
