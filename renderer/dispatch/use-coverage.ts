import { useEffect, useState } from 'react';
import type { BoardClient } from '../api/board-client';
import { toCoverageBands, type CoverageBands } from '../map/coverage-layer';

/** The backend caches coverage for 5 minutes; asking more often gains nothing. */
const COVERAGE_REFRESH_MS = 5 * 60_000;

/** Drive-time bands (map.coverage), loaded only while the coverage layer is switched on. */
export function useCoverage(client: BoardClient, enabled: boolean, onError: (e: unknown) => void): CoverageBands | null {
  const [bands, setBands] = useState<CoverageBands | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () =>
      client.call('map.coverage', {}).then(
        (r) => live && setBands(toCoverageBands(r.bands.features)),
        (e: unknown) => live && onError(e),
      );
    void load();
    const timer = setInterval(() => void load(), COVERAGE_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // Only switching the layer on is a reason to load.
  }, [client, enabled]);
  return bands;
}
