import { describe, expect, it } from 'vitest';
import { createWallHookSource, installWallHook } from './wall-hook';

describe('wall test hook', () => {
  it('reads the live source and is ready only once snapshot, map and layers are', () => {
    const win = {} as Window;
    const source = createWallHookSource();
    const hook = installWallHook(source, win);
    expect(win.__jingbaoWall).toBe(hook);
    expect(hook.ready).toBe(false);
    expect(hook.layerSummary()).toEqual([]);
    expect(hook.view()).toBeNull();

    let layersReady = false;
    source.snapshotDrawn = true;
    source.map = { isLoaded: () => true, layersReady: () => layersReady, tilesLoaded: () => true, layerSummary: () => [{ id: 'vehicles', visible: true, count: 3 }], view: () => ({ bounds: [1, 2, 3, 4], zoom: 12, moving: false }) };
    expect(hook.ready).toBe(false);
    layersReady = true;
    expect(hook.ready).toBe(true);

    Object.assign(source, { scene: 'interrupt', rotationScene: 'link', rotations: 7, interrupt: 'red_request:x', schedule: [{ id: 'link', durationMs: 5000, extra: {} }] });
    expect(hook.scene).toBe('interrupt');
    expect(hook.rotationScene).toBe('link');
    expect(hook.rotations).toBe(7);
    expect(hook.interrupt).toBe('red_request:x');
    // A copy of plain values: a test holding it keeps nothing of the page alive.
    expect(hook.schedule).toEqual([{ id: 'link', durationMs: 5000 }]);
    expect(hook.layerSummary()).toEqual([{ id: 'vehicles', visible: true, count: 3 }]);
    expect(hook.view()).toEqual({ bounds: [1, 2, 3, 4], zoom: 12, moving: false });
  });
});
