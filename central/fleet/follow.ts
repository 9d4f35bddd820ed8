import type { DispatchOrder, Site, SupplyRequest, Vehicle } from '../../shared/domain';
import type { MadeChange } from '../store';
import type { Simulator } from './simulator';

/**
 * The simulator follows what commands and events committed to the database, read off the
 * changes they made (not off command types): a dispatch order on its way gets its trip,
 * and a vehicle whose status changed drives accordingly (in repair it parks, freed by a
 * cancellation it goes back to its beat, at the scene it dwells). A site placed or moved
 * comes first: a dispatch committed with it loads at the new place.
 */
export function followChanges(sim: Simulator, changes: readonly MadeChange[], requestOf: (id: string) => SupplyRequest | undefined): void {
  for (const c of changes) {
    if (c.table !== 'site') continue;
    const s = c.row as Site | null;
    if (s) sim.setSite(s);
  }
  const tripsFor = new Set<string>();
  for (const c of changes) {
    if (c.table !== 'dispatch') continue;
    const d = c.row as DispatchOrder;
    if (d.status !== 'enroute' || d.pickedUpAt !== null) continue;
    const req = requestOf(d.requestId);
    if (req && sim.assignTrip(d.vehicleId, d.id, d.siteIds, req.destination)) tripsFor.add(d.vehicleId);
  }
  for (const c of changes) {
    if (c.table !== 'vehicle') continue;
    const v = c.row as Vehicle;
    if (tripsFor.has(v.id)) continue;
    if (sim.statusOf(v.id) !== v.status) sim.setStatus(v.id, v.status);
  }
}
