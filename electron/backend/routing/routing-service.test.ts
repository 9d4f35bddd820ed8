import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PACK_SIZES } from '../../../shared/dispatch/pack-sizes';
import { isRoutingError, type PlanArg } from '../../../shared/routing/routing-api';
import { createRoutingService, type RoutingService } from './routing-service';
import { DEMO_ROADS_PATH, loadDemoCity, type DemoCity } from './test-city';

/** The real worker thread on the demo city. */

let city: DemoCity;
let service: RoutingService;
const CENTRE = { lon: 11.9668, lat: 57.7065 };

beforeAll(async () => {
  city = loadDemoCity();
  service = createRoutingService({ roadsPath: DEMO_ROADS_PATH, sites: city.sites, itemIds: city.itemIds, packSizes: DEMO_PACK_SIZES });
  await service.ready();
});

afterAll(async () => {
  await service?.close();
});

const request = (over: Partial<PlanArg> = {}): PlanArg => ({
  destination: CENTRE,
  items: [{ itemId: 'life-jacket', quantity: 600 }, { itemId: 'emergency-light', quantity: 200 }],
  priority: 'red',
  stock: city.stock,
  vehicles: city.fleet,
  ...over,
});

const rejection = async (p: Promise<unknown>): Promise<{ code: string; message: string }> => {
  try {
    await p;
  } catch (e) {
    expect(isRoutingError(e)).toBe(true);
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a rejection');
};

describe('routing service (worker thread)', () => {
  it('loads the demo network and snaps every site', async () => {
    const info = await service.ready();
    expect(info.nodeCount).toBeGreaterThan(45_000);
    expect(info.sites.every((s) => s.node !== null)).toBe(true);
  });

  it('answers a plan on the demo city', async () => {
    const a = await service.plan(request());
    expect(a.result.ok).toBe(true);
    if (!a.result.ok) return;
    expect(a.result.plans[0]).toMatchObject({ rank: 1, reason: 'fastest', meetsDeadline: true });
    expect(a.result.plans[0]!.runs[0]!.legs[0]!.path!.length).toBeGreaterThan(0);
  });

  it('rejects an unknown item with a clear error', async () => {
    const e = await rejection(service.plan(request({ items: [{ itemId: 'unicorn', quantity: 3 }] })));
    expect(e).toMatchObject({ code: 'unknown_item' });
    expect(e.message).toContain('unicorn');
  });

  it('rejects bad input: negative quantities, coordinates outside the city or not numbers', async () => {
    expect((await rejection(service.plan(request({ items: [{ itemId: 'life-jacket', quantity: -1 }] })))).code).toBe('invalid_input');
    expect((await rejection(service.plan(request({ destination: { lon: 0, lat: 0 } })))).code).toBe('out_of_bounds');
    expect((await rejection(service.plan(request({ destination: { lon: Number.NaN, lat: 57.7 } })))).code).toBe('invalid_input');
    expect((await rejection(service.plan({ nonsense: true } as unknown as PlanArg))).code).toBe('invalid_input');
  });

  it('answers off_network for a destination far from any road', async () => {
    const a = await service.plan(request({ destination: { lon: 12.0918, lat: 57.653 } }));
    expect(a.result).toMatchObject({ ok: false, reason: 'off_network' });
  });

  it('gives drive times and routes', async () => {
    const t = await service.driveTimes({ destination: CENTRE });
    expect(t.sites.every((s) => s.timeS !== null && s.timeS < 1800)).toBe(true);
    const r = await service.route({ from: { lon: 11.9843078, lat: 57.7165724 }, to: CENTRE });
    expect(r.path!.timeS).toBeGreaterThan(60);
  });

  it('draws the time bands, >30 and no road, with polygons', async () => {
    const c = await service.coverage({ levelsMinutes: [5, 15, 30] });
    expect(c.bands.features).toHaveLength(5);
    expect(c.bands.features.filter((f) => f.geometry.coordinates.length > 0).length).toBeGreaterThanOrEqual(3);
    const band15 = c.bands.features.find((f) => f.properties.label === '5–15')!;
    expect(band15.properties.cellShare).toBeGreaterThan(0);
  });

  it('times out a slow call without breaking the next one', async () => {
    const impatient = createRoutingService({ roadsPath: DEMO_ROADS_PATH, sites: city.sites, timeoutMs: 1 });
    try {
      await impatient.ready();
      expect((await rejection(impatient.coverage({ cellM: 60 }))).code).toBe('timeout');
    } finally {
      await impatient.close();
    }
    // The shared service is unaffected.
    expect((await service.driveTimes({ destination: CENTRE })).sites).toHaveLength(14);
  });

  it('reports a missing road network, and refuses calls once closed', async () => {
    const broken = createRoutingService({ roadsPath: '/nonexistent/roads.json', sites: [] });
    expect((await rejection(broken.ready())).code).toBe('network_unavailable');
    await broken.close();
    expect((await rejection(broken.plan(request()))).code).toBe('closed');
  });
});
