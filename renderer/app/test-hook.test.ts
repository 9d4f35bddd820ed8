import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { createTestHookSource, installTestHook } from './test-hook';

const TEXT = { text: '中心库', font: '600 14px sans-serif', fontSize: 14, ascent: 13, padX: 5, padY: 2 };

describe('test hook', () => {
  it('is installed at once and turns ready only when the drawn sites are the current ones', () => {
    const win = {} as Window;
    const source = createTestHookSource();
    const hook = installTestHook(source, win);
    expect(win.__jingbaoTest).toBe(hook);
    expect(hook.ready).toBe(false);
    expect(hook.layerSummary()).toEqual([]);
    expect(() => hook.project(0, 0)).toThrow();

    const sites: Site[] = [{ id: 's', kind: 'central', name: '中心库', nameEn: 'Central', address: '', lon: 1, lat: 2 }];
    let drawn: readonly Site[] = [];
    let layersReady = false;
    source.sites = sites;
    source.snapshotDrawn = true;
    source.mapLoaded = true;
    source.map = {
      map: {} as never,
      layerSummary: () => [{ id: 'depots', visible: true, count: 1 }],
      drawnSites: () => drawn,
      layersReady: () => layersReady,
      project: (lon, lat) => ({ x: lon * 10, y: lat * 10 }),
      labelPlacement: () => ({ placed: [{ id: 's', box: { x0: 1, y0: 2, x1: 31, y1: 20 }, dx: -15, dy: 10, spot: 0, vehicles: 0, ...TEXT }], hidden: ['q'], origin: { x: 100, y: 40 } }),
    };
    expect(hook.ready).toBe(false);
    drawn = sites;
    expect(hook.ready).toBe(false);
    layersReady = true;
    expect(hook.ready).toBe(true);
    expect(hook.project(1, 2)).toEqual({ x: 10, y: 20 });
    expect(hook.sites()).toEqual(sites);
    expect(hook.layerSummary()).toEqual([{ id: 'depots', visible: true, count: 1 }]);
    // Label boxes come in viewport pixels: the map's own are shifted by where the map is.
    expect(hook.labelPlacement()).toEqual({ placed: [{ id: 's', box: { x0: 101, y0: 42, x1: 131, y1: 60 }, dx: -15, dy: 10, spot: 0, vehicles: 0, ...TEXT }], hidden: ['q'] });
  });
});
