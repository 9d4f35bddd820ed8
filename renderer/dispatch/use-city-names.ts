import { useEffect, useState } from 'react';
import type { BoardClient } from '../api/board-client';
import type { PlaceName } from '../../shared/city/street-index';
import type { Street } from './destination-search';

export type CityNames = { streets: readonly Street[]; places: readonly PlaceName[] };
const NONE: CityNames = { streets: [], places: [] };

/**
 * The city's street and place names (map.names), asked once per board connection: they do
 * not change while the board runs, and a large city's list is megabytes. The request form and
 * the command palette share the one answer. A failed ask is forgotten, so the next opening
 * asks again; meanwhile the loaded tiles' streets serve the request form.
 */
const asked = new WeakMap<BoardClient, Promise<CityNames>>();

export function useCityNames(client: BoardClient, enabled = true): CityNames {
  const [names, setNames] = useState<CityNames>(NONE);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let p = asked.get(client);
    if (!p) {
      p = client.call('map.names', {}).then((r) => ({ streets: r.streets, places: r.places }));
      asked.set(client, p);
      p.catch(() => asked.delete(client));
    }
    p.then(
      (n) => live && setNames(n),
      () => {}, // none: the loaded tiles' streets still serve
    );
    return () => {
      live = false;
    };
  }, [client, enabled]);
  return names;
}
