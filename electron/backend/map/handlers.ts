import type { mapMethods } from '../../../shared/map/api';
import type { HandlersOf } from '../board/handler-types';
import type { BaseMap } from './basemap';
import type { MapService } from './map-service';

/** The base map in use (the city's offline map or the source set in Settings): its description, its tiles, and the city's street and place names. */
export function createMapHandlers(d: { maps: MapService; cityMap: () => BaseMap }): HandlersOf<typeof mapMethods> {
  return {
    'map.info': () => d.maps.info(),
    'map.names': () => d.cityMap().names(),
    'map.tile': async (_ctx, { z, x, y }) => ({ data: await d.maps.tile(z, x, y) }),
    'map.source.get': () => ({ source: d.maps.source() }),
    'map.source.set': (ctx, { source }) => d.maps.set(ctx, source),
    'map.source.check': (_ctx, { source }) => d.maps.check(source),
  };
}
