import { resolve } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { ensureDemoCity } from '../../../central/test-support';

/** The demo city's base map, as the backend tests against a real central open it. */
export const DEMO_BASE_MAP = resolve(import.meta.dirname, '../../../resources/demo-city/build/basemap.mbtiles');

/**
 * A suite against a real central on the demo city: the city is built once before it, and
 * what each test started (centrals, backends, temp folders) is undone after it, last first.
 * Returns the list a test pushes its cleanups on.
 */
export function centralSuite(): (() => Promise<void> | void)[] {
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    await ensureDemoCity();
  }, 120_000);
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}
