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

type Base64Decoder = { fromBase64?: (s: string) => Uint8Array };

export function base64ToArrayBuffer(text: string): ArrayBuffer {
  // Native decoding where the engine has it (Chromium ≥ 140), atob otherwise.
  const native = (Uint8Array as unknown as Base64Decoder).fromBase64;
  if (native) return native(text).buffer as ArrayBuffer;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
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
    return { data: data ? base64ToArrayBuffer(data) : new ArrayBuffer(0) };
  };
}
