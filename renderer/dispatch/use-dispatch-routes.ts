import { useEffect, useRef, useState } from 'react';
import type { BoardClient } from '../api/board-client';

/** Vehicles move: their remaining route is asked for again this often. */
export const ROUTE_REFRESH_MS = 10_000;
/** The map shows at most this many active routes (a flood day can have dozens en route). */
export const MAX_ROUTES = 40;

/**
 * Remaining road routes (dispatch.route) of the dispatch orders en route, by dispatch id.
 * A route that cannot be computed just is not drawn; the queue still lists the vehicle.
 */
export function useDispatchRoutes(client: BoardClient, dispatchIds: readonly string[]): ReadonlyMap<string, [number, number][]> {
  const [routes, setRoutes] = useState<ReadonlyMap<string, [number, number][]>>(new Map());
  const key = dispatchIds.slice(0, MAX_ROUTES).join(',');
  const inFlight = useRef(false);

  useEffect(() => {
    const ids = key ? key.split(',') : [];
    let live = true;
    const load = async () => {
      if (inFlight.current) return;
      inFlight.current = true;
      try {
        const answers = await Promise.all(
          ids.map((dispatchId) =>
            client.call('dispatch.route', { dispatchId }).then(
              (r) => [dispatchId, r.path] as const,
              () => null,
            ),
          ),
        );
        if (!live) return;
        setRoutes(new Map(answers.filter((a): a is readonly [string, [number, number][]] => a !== null && a[1].length > 1)));
      } finally {
        inFlight.current = false;
      }
    };
    if (ids.length === 0) setRoutes(new Map());
    else void load();
    const timer = ids.length ? setInterval(() => void load(), ROUTE_REFRESH_MS) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [client, key]);

  return routes;
}
