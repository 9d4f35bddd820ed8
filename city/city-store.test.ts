/**
 * The city folder on disk: versions replace each other whole, old ones are removed after an
 * import (never the one in use), and a disk that is short or fills up on the way refuses the
 * import with `no_space` and leaves the city in use as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf, tempDir } from '../electron/backend/test-support';
import { cityVersions, currentVersionDir, KEEP_VERSIONS, pruneVersions, writeCity } from './city-store';
import type { RoadsFile } from '../shared/city/roads-file';
import type { RoadsSummary } from './osm-import';

const roads: RoadsFile = {
  attribution: 'test',
  bounds: [7.40, 43.72, 7.44, 43.75],
  ways: [{ name: 'Rue A', highway: 'residential', oneway: 0, maxspeedKmh: 30, coords: [[7.41, 43.73], [7.42, 43.74]] }],
};
const summary: RoadsSummary = {
  roads: 1, roadKm: 1.4, oneWays: 0, graphNodes: 2, graphEdges: 2, connectedShare: 1, bounds: [7.40, 43.72, 7.44, 43.75], areaKm2: 14,
  clippedWays: 0, mapAreas: 0, multipolygons: 0, sea: 'none', buildings: 0, places: 0, fileBytes: 100, ms: 1,
};

/** Version names are ISO times to the millisecond: two imports in one millisecond would collide. */
const nextMs = () => {
  const t = Date.now();
  while (Date.now() === t) {
    // spin to the next millisecond
  }
};

let removeTmp: (() => void) | null = null;
afterEach(() => removeTmp?.());

describe('city versions on disk', () => {
  it(`keeps the newest ${KEEP_VERSIONS} versions, the one in use always, and removes what a killed import left`, () => {
    const tmp = tempDir('jb-city-store-');
    removeTmp = tmp.remove;
    const written: string[] = [];
    for (let i = 0; i < 5; i++) {
      nextMs();
      written.push(writeCity(tmp.dir, 'mc', roads, summary, 'x.osm.pbf').version);
    }
    // Oldest first; only the newest three are left, the newest in use.
    expect(cityVersions(tmp.dir, 'mc')).toEqual(written.slice(-KEEP_VERSIONS));
    expect(currentVersionDir(tmp.dir, 'mc')).toBe(join(tmp.dir, 'mc', written[4]!));

    // The administrator pointed `current` back at the oldest kept version: it is never removed,
    // even when it falls outside the newest ones.
    writeFileSync(join(tmp.dir, 'mc', 'current'), written[2] + '\n');
    expect(pruneVersions(tmp.dir, 'mc', 1)).toEqual([written[3]]);
    expect(cityVersions(tmp.dir, 'mc')).toEqual([written[2], written[4]]);
    expect(currentVersionDir(tmp.dir, 'mc')).toBe(join(tmp.dir, 'mc', written[2]!));

    // A temporary folder of a killed import: removed once it is an hour old, not while it may still be written.
    const fresh = join(tmp.dir, 'mc', '.tmp-fresh');
    const stale = join(tmp.dir, 'mc', '.tmp-stale');
    mkdirSync(fresh);
    mkdirSync(stale);
    const hourAgo = (Date.now() - 61 * 60 * 1000) / 1000;
    utimesSync(stale, hourAgo, hourAgo);
    expect(pruneVersions(tmp.dir, 'mc')).toEqual(['.tmp-stale']);
    expect(existsSync(fresh)).toBe(true);
  });

  it('refuses a city the disk has no room for, before writing anything', () => {
    const tmp = tempDir('jb-city-store-');
    removeTmp = tmp.remove;
    const first = writeCity(tmp.dir, 'mc', roads, summary, 'x.osm.pbf');
    nextMs();
    const seen: string[] = [];
    const result = codeOf(() => writeCity(tmp.dir, 'mc', roads, summary, 'x.osm.pbf', undefined, { freeBytes: (d) => (seen.push(d), 10 * 1024 * 1024) }));
    expect(seen).toEqual([join(tmp.dir, 'mc')]); // the check asked about the city's own folder
    expect(result).toMatch(/^no_space: not enough free disk for the city: about 1 MB to write and 64 MB to keep free, 10 MB free in /);
    expect(cityVersions(tmp.dir, 'mc')).toEqual([first.version]);
    expect(readdirSync(join(tmp.dir, 'mc')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readFileSync(join(tmp.dir, 'mc', 'current'), 'utf8').trim()).toBe(first.version);
  });

  it('a disk that fills up while the base map is written: no_space, nothing half-written kept, the city in use unchanged', () => {
    const tmp = tempDir('jb-city-store-');
    removeTmp = tmp.remove;
    const first = writeCity(tmp.dir, 'mc', roads, summary, 'x.osm.pbf');
    nextMs();
    let wrote = false;
    const result = codeOf(() =>
      writeCity(tmp.dir, 'mc', roads, summary, 'x.osm.pbf', (at) => {
        writeFileSync(join(at, 'basemap.mbtiles'), 'partial');
        wrote = true;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }),
    );
    expect(wrote).toBe(true); // the fault really happened half-way
    expect(result).toMatch(/^no_space: the disk filled up while the city was written/);
    expect(cityVersions(tmp.dir, 'mc')).toEqual([first.version]);
    expect(readdirSync(join(tmp.dir, 'mc')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(currentVersionDir(tmp.dir, 'mc')).toBe(join(tmp.dir, 'mc', first.version));
  });
});
