import { describe, expect, it } from 'vitest';
import { blocking, checkRuns, sitesAt, type PlannedRun, type RunCheckContext } from './plan-check';

const ctx: RunCheckContext = {
  vehicles: [
    { id: 'moto', plate: '粤A·M002警', status: 'available', capacity: 2 },
    { id: 'van', plate: '粤A·V060警', status: 'available', capacity: 60 },
    { id: 'busy', plate: '粤A·B030警', status: 'enroute', capacity: 30 },
  ],
  stock: [
    { siteId: 'depot-far', itemId: 'helmet', quantity: 50, safetyLevel: 10 },
    { siteId: 'qp-07', itemId: 'helmet', quantity: 30, safetyLevel: 5 },
    { siteId: 'depot-low', itemId: 'helmet', quantity: 12, safetyLevel: 10 },
  ],
  destinationSiteIds: ['qp-07'],
  packSizes: { helmet: 6 },
};
const run = (vehicleId: string, siteId: string, quantity: number, itemId = 'helmet'): PlannedRun => ({ vehicleId, siteIds: [siteId], pickups: [{ siteId, itemId, quantity }] });
const codes = (runs: PlannedRun[]) => checkRuns(runs, ctx).map((p) => p.code);

describe('plan checks: what the planner would never do', () => {
  it.each([
    // The case seen: 12 helmets on a motorcycle of capacity 2 (helmets go 6 to a carton: 2 cartons fit, 12 helmets are 2 cartons... 13 are 3).
    ['13 helmets on a motorcycle that carries 2 cartons', [run('moto', 'depot-far', 13)], ['over_capacity']],
    ['12 helmets fill its 2 cartons exactly', [run('moto', 'depot-far', 12)], []],
    ['an unavailable vehicle', [run('busy', 'depot-far', 6)], ['vehicle_unavailable']],
    ['a vehicle in two runs', [run('van', 'depot-far', 6), run('van', 'depot-far', 6)], ['vehicle_twice']],
    ['more than the source holds', [run('van', 'depot-far', 51)], ['insufficient_stock']],
    ['the destination’s own shelf', [run('van', 'qp-07', 6)], ['source_is_destination']],
    ['below the source’s safety stock (a warning the officer may confirm)', [run('van', 'depot-low', 6)], ['below_safety']],
    ['a pickup at a site the run does not visit', [{ vehicleId: 'van', siteIds: ['depot-far'], pickups: [{ siteId: 'depot-low', itemId: 'helmet', quantity: 1 }] }], ['pickup_not_a_stop']],
  ])('%s', (_n, runs, expected) => {
    expect(codes(runs as PlannedRun[])).toEqual(expected);
  });

  it('names the reason with what the officer needs (plate, load, capacity)', () => {
    expect(checkRuns([run('moto', 'depot-far', 13)], ctx)[0]).toEqual({ code: 'over_capacity', params: { vehicle: 'moto', plate: '粤A·M002警', load: 3, capacity: 2 } });
  });

  it('counts what several runs take from one source together', () => {
    expect(codes([run('van', 'depot-far', 30), run('moto', 'depot-far', 12), { vehicleId: 'busy', siteIds: [], pickups: [] }])).toContain('vehicle_unavailable');
    expect(codes([run('van', 'depot-far', 40), run('moto', 'depot-far', 12)])).toEqual(['insufficient_stock']);
  });

  it('lets a confirmed below-safety draw through, nothing else', () => {
    const problems = checkRuns([run('van', 'depot-low', 6)], ctx);
    expect(blocking(problems, false).map((p) => p.code)).toEqual(['below_safety']);
    expect(blocking(problems, true)).toEqual([]);
    expect(blocking(checkRuns([run('van', 'depot-far', 51)], ctx), true).map((p) => p.code)).toEqual(['insufficient_stock']);
  });

  it('finds the sites at a destination (within 60 m), not their neighbours', () => {
    const sites = [
      { id: 'qp-07', lon: 11.96, lat: 57.7 },
      { id: 'next-door', lon: 11.9612, lat: 57.7 },
    ];
    expect(sitesAt({ lon: 11.96, lat: 57.7003 }, sites)).toEqual(['qp-07']);
  });
});
