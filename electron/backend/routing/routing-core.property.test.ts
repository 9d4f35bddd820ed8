import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { VEHICLE_STATUSES } from '../../../shared/domain';
import { DEMO_PACK_SIZES, loadUnits } from '../../../shared/dispatch/pack-sizes';
import { LOADING_TIME_S } from '../../../shared/dispatch/planner';
import type { RoutingVehicle } from '../../../shared/routing/routing-api';
import { shortestPath } from '../../../shared/routing/search';
import { createRoutingCore, type RoutingCore } from './routing-core';
import { loadDemoCity, type DemoCity } from './test-city';

/**
 * The planner's invariants on the real demo city, through the routing core (snapping,
 * reverse searches, cached site searches): random destinations, loads, vehicle
 * positions and statuses.
 */

let city: DemoCity;
let core: RoutingCore;

beforeAll(() => {
  city = loadDemoCity();
  core = createRoutingCore({ roads: city.roads, sites: city.sites, itemIds: city.itemIds, packSizes: DEMO_PACK_SIZES });
});

describe('plans on the demo city (property)', () => {
  it('never over-reserve, never use an unavailable or overloaded vehicle, and are timed as their shortest legs', () => {
    const [w, s, e, n] = [11.93, 57.67, 12.02, 57.73];
    const point = fc.record({ lon: fc.double({ min: w, max: e, noNaN: true }), lat: fc.double({ min: s, max: n, noNaN: true }) });
    fc.assert(
      fc.property(
        point,
        fc.array(fc.record({ item: fc.nat(10), quantity: fc.integer({ min: 1, max: 3000 }) }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ status: fc.constantFrom(...VEHICLE_STATUSES), at: point }), { minLength: 120, maxLength: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (dest, lines, fleetDraw, shrink) => {
          const items = lines.map((l) => ({ itemId: city.itemIds[l.item % city.itemIds.length]!, quantity: l.quantity }));
          const vehicles: RoutingVehicle[] = city.fleet.map((v, i) => ({ ...v, status: fleetDraw[i]!.status, lon: fleetDraw[i]!.at.lon, lat: fleetDraw[i]!.at.lat }));
          // Some draws run the city low on stock, to reach the shortfall paths too.
          const stock = city.stock.map((r) => ({ ...r, quantity: Math.floor(r.quantity * shrink) }));
          const a = core.plan({ destination: dest, items, priority: 'orange', stock, vehicles });
          if (!a.result.ok) {
            expect(['off_network', 'insufficient_stock', 'no_vehicle', 'insufficient_capacity', 'unreachable']).toContain(a.result.reason);
            return;
          }
          const byId = new Map(vehicles.map((v) => [v.id, v]));
          for (const p of a.result.plans) {
            for (const x of p.pickups) {
              expect(x.quantity).toBeLessThanOrEqual(stock.find((r) => r.siteId === x.siteId && r.itemId === x.itemId)!.quantity);
            }
            for (const l of items) {
              const want = items.filter((i) => i.itemId === l.itemId).reduce((t, i) => t + i.quantity, 0);
              expect(p.pickups.filter((x) => x.itemId === l.itemId).reduce((t, x) => t + x.quantity, 0)).toBe(want);
            }
            for (const run of p.runs) {
              const v = byId.get(run.vehicleId)!;
              expect(v.status).toBe('available');
              const units = run.stops.reduce((u, st) => u + st.items.reduce((t, x) => t + loadUnits(x.quantity, DEMO_PACK_SIZES[x.itemId] ?? 1), 0), 0);
              expect(units).toBeLessThanOrEqual(v.capacity);
              let sum = 0;
              for (const leg of run.legs) {
                sum += leg.driveS;
                // An independent point-to-point search (A*) agrees with the reverse-search time.
                expect(shortestPath(core.graph, leg.from.node, leg.to.node)!.timeS).toBeCloseTo(leg.driveS, 6);
              }
              expect(run.arrivalS).toBe(sum + run.stops.length * LOADING_TIME_S);
            }
            expect(p.arrivalS).toBe(Math.max(...p.runs.map((r) => r.arrivalS)));
          }
        },
      ),
      { numRuns: 40, seed: 4242 },
    );
  });
});
