/**
 * The wall of each level shows its scope (multi-level command): a workstation registered for a
 * unit (`--workstations` file: `unitId`) with no officer signed in — a command hall's wall — is
 * sent that unit's scope, and its board shows nothing else.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer } from '../../../central/server';
import type { MethodResult } from '../../../shared/board-api';
import { checkUnitTree, inSubtree } from '../../../shared/scope/tree';
import { createBackend } from '../backend';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cleanups = centralSuite();
const WALL = { id: 'wall-centrum', secret: 'wall-centrum-secret-for-this-test-only', name: '中心区分局大屏', unitId: 'unit-centrum' };

describe('a unit’s wall', () => {
  it('a workstation of a county, nobody signed in, holds and shows the county and nothing else', async () => {
    const tmp = tempDir('jb-wall-scope-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000, workstations: [WALL] });
    cleanups.push(() => central.close());
    const backend = createBackend({ cacheKey: testCacheKey(), dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, workstation: WALL });
    cleanups.push(() => backend.close());
    backend.start();
    const checked = checkUnitTree(central.units().list());
    if (!checked.ok) throw new Error('tree');
    const tree = checked.tree;
    const snapshot = async () => (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    await waitFor(async () => backend.stats().link.state === 'connected' && (await snapshot()).vehicles.length > 0 && (await snapshot()).positions.length > 0, 'the wall’s scope and its positions');
    const s = await snapshot();
    // Every site and vehicle is the county's (its own, or a depot of the county it draws from), and there are fewer than the city's.
    expect(s.sites.length).toBeGreaterThan(0);
    expect(s.sites.length).toBeLessThan(14);
    for (const site of s.sites) expect(inSubtree(tree, 'unit-centrum', site.unitId!), site.id).toBe(true);
    expect(s.vehicles.length).toBeLessThan(120);
    for (const v of s.vehicles) expect(inSubtree(tree, 'unit-centrum', v.unitId!), v.id).toBe(true);
    // The positions drawn are of its vehicles only.
    const nos = new Set(s.vehicles.map((v) => v.no));
    expect(s.positions.every((p) => nos.has(p.vehicleNo))).toBe(true);
  }, 60_000);
});
