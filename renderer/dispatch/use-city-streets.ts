import { useEffect, useState } from 'react';
import type { BoardClient } from '../api/board-client';
import type { Street } from './destination-search';

/**
 * The city's street index (map.streets), asked once per board connection: it does not change
 * while the board runs, and a large city's list is megabytes. A failed ask is forgotten, so the
 * next request form asks again; meanwhile the loaded tiles' streets serve.
 */
const asked = new WeakMap<BoardClient, Promise<readonly Street[]>>();

export function useCityStreets(client: BoardClient): readonly Street[] {
  const [streets, setStreets] = useState<readonly Street[]>([]);
  useEffect(() => {
    let live = true;
    let p = asked.get(client);
    if (!p) {
      p = client.call('map.streets', {}).then((r) => r.streets);
      asked.set(client, p);
      p.catch(() => asked.delete(client));
    }
    p.then(
      (s) => live && setStreets(s),
      () => {}, // none: the loaded tiles' streets still serve
    );
    return () => {
      live = false;
    };
  }, [client]);
  return streets;
}
