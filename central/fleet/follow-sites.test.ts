/**
 * The simulator follows a site an administrator moved: committed changes reach it through
 * followChanges (as the server passes them after each command), and from then on the
 * vehicles based there go home to the new place, and a trip loads at the new place.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CITY_DIR } from '../../city/demo-manifest';
import { haversineM } from '../../shared/city/roads';
import type { Site, Vehicle } from '../../shared/domain';
import { loadCity } from '../city';
import type { MadeChange } from '../store';
import { ensureDemoCity } from '../test-support';
import { followChanges } from './follow';
import { createSimulator } from './simulator';

beforeAll(async () => {
  await ensureDemoCity();
}, 120_000);

function setup(vehicle: Partial<Vehicle>, onTripPickedUp?: (id: string) => void) {
  const { city, graph, inMain } = loadCity(DEFAULT_CITY_DIR);
  const van = { ...city.vehicles.find((v) => v.kind === 'van' && v.homeSiteId === 'qp-02')!, ...vehicle };
  const home = city.sites.find((s) => s.id === van.homeSiteId)!;
  const sim = createSimulator({ graph, inMain, vehicles: [van], sites: city.sites, starts: { [van.id]: [home.lon, home.lat] }, routeSliceMs: Infinity, speedFactor: 1, ...(onTripPickedUp ? { onTripPickedUp } : {}) });
  return { sim, van, city, home };
}
/** A site's change as the store reports it after a command. */
const moved = (site: Site, lon: number, lat: number): MadeChange => ({ table: 'site', row: { ...site, lon, lat } });
const at = (sim: ReturnType<typeof setup>['sim']) => sim.positions(0)[0]!;
/** Steps (a second each) until `done`, at most `max`. */
function run(sim: ReturnType<typeof setup>['sim'], done: () => boolean, max = 20_000) {
  for (let i = 0; i < max && !done(); i++) sim.step(1);
}

describe('the simulator follows moved sites', () => {
  it('a van waiting at its home site drives to the site’s new place, and comes back there', () => {
    const { sim, van, city, home } = setup({ status: 'available' });
    try {
      const before = sim.siteNodeOf(home.id)!;
      // To where depot-east stands: across town, on the roads for sure.
      const east = city.sites.find((s) => s.id === 'depot-east')!;
      followChanges(sim, [moved(home, east.lon + 0.0005, east.lat)], () => undefined);
      const after = sim.siteNodeOf(home.id)!;
      expect(haversineM(before.lon, before.lat, after.lon, after.lat)).toBeGreaterThan(1000);
      run(sim, () => haversineM(at(sim).lon, at(sim).lat, after.lon, after.lat) < 5);
      expect(haversineM(at(sim).lon, at(sim).lat, after.lon, after.lat)).toBeLessThan(5);
      // Sent out and back: it returns to the new place, not the old one.
      sim.setStatus(van.id, 'returning');
      run(sim, () => sim.statusOf(van.id) === 'available');
      expect(sim.statusOf(van.id)).toBe('available');
      expect(haversineM(at(sim).lon, at(sim).lat, after.lon, after.lat)).toBeLessThan(5);
    } finally {
      sim.dispose();
    }
  });

  it('a trip whose pickup site moves on the way loads at the new place', () => {
    const picked: { lon: number; lat: number }[] = [];
    // The callback runs during steps, once `s` is there.
    const s = setup({ status: 'available' }, () => picked.push({ ...at(s.sim) }));
    const sim = s.sim;
    try {
      const pickup = s.city.sites.find((x) => x.id === 'qp-09')!;
      const oldNode = sim.siteNodeOf(pickup.id)!;
      const destination = s.city.sites.find((x) => x.id === 'depot-west')!;
      expect(sim.assignTrip(s.van.id, 'd-1', [pickup.id], destination)).toBe(true);
      sim.step(1);
      const north = s.city.sites.find((x) => x.id === 'depot-north')!;
      followChanges(sim, [moved(pickup, north.lon, north.lat + 0.0005)], () => undefined);
      const newNode = sim.siteNodeOf(pickup.id)!;
      run(sim, () => picked.length > 0);
      expect(picked).toHaveLength(1);
      expect(haversineM(picked[0]!.lon, picked[0]!.lat, newNode.lon, newNode.lat)).toBeLessThan(5);
      expect(haversineM(picked[0]!.lon, picked[0]!.lat, oldNode.lon, oldNode.lat)).toBeGreaterThan(1000);
    } finally {
      sim.dispose();
    }
  });
});
