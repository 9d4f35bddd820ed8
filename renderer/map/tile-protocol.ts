import type { AddProtocolAction } from 'maplibre-gl';
import type { BoardClient } from '../api/board-client';

export const TILE_PROTOCOL = 'jbtiles';

export type TileCoord = { z: number; x: number; y: number };

const TILE_URL = /^jbtiles:\/\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})(?:[?#].*)?$/;

export function parseTileUrl(url: string): TileCoord | null {
  const m = TILE_URL.exec(url);
  if (!m) return null;
  const z = Number(m[1]);
  const x = Number(m[2]);
  const y = Number(m[3]);
  const n = 2 ** z;
  if (z > 24 || x >= n || y >= n) return null;
  return { z, x, y };
}

/** The tile's bytes as the ArrayBuffer maplibre wants: the buffer itself when the view covers it all (no copy). */
export function tileBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer;
}

/**
 * Loads `jbtiles://{z}/{x}/{y}` through the board API (`map.tile`). A missing tile is an
 * empty buffer, which maplibre draws as empty; an unreachable backend is an error, which
 * leaves the tile to be loaded again later (see refreshTiles on reconnect).
 */
export function createTileLoader(client: Pick<BoardClient, 'call'>): AddProtocolAction {
  return async (params, abortController) => {
    const coord = parseTileUrl(params.url);
    if (!coord) throw new Error(`bad tile URL ${params.url}`);
    const { data } = await client.call('map.tile', coord);
    if (abortController.signal.aborted) throw new DOMException('tile request aborted', 'AbortError');
    return { data: data ? tileBuffer(data) : new ArrayBuffer(0) };
  };
}
