import type { mapMethods } from '../../../shared/map/api';
import type { HandlersOf } from '../board/handler-types';
import type { BaseMap } from './basemap';

/** The offline base map: its bounds and layers, its vector tiles, and the city's street and place names. */
export function createMapHandlers(d: { baseMap: BaseMap }): HandlersOf<typeof mapMethods> {
  return {
    'map.info': () => d.baseMap.info(),
    'map.names': () => d.baseMap.names(),
    'map.tile': (_ctx, { z, x, y }) => {
      const tile = d.baseMap.tile(z, x, y);
      // A plain Uint8Array of exactly the tile: a Buffer may be a view into a larger pool,
      // which structured clone (the Electron port) would copy whole.
      return { data: tile ? new Uint8Array(tile) : null };
    },
  };
}
