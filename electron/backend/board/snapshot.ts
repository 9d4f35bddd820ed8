import type { boardSnapshotMethods } from '../../../shared/board/api';
import type { PositionStore } from '../store/positions';
import type { Outbox } from '../store/outbox';
import type { ReplicaReader } from '../store/replica';
import { commandTarget, createBoardView } from '../store/view';
import type { LinkMonitor } from '../link/link';
import type { HandlersOf } from './handler-types';
import type { NeighbourJudge } from '../scope/neighbours';

/** What the board draws first: all from the local cache, so it works with the link down. */
export function createSnapshotHandlers(d: { replica: ReplicaReader; positions: PositionStore; outbox: Outbox; link: LinkMonitor; neighbours?: NeighbourJudge }): HandlersOf<typeof boardSnapshotMethods> {
  return {
    'board.snapshot': () => {
      const unreflected = d.outbox.unreflected();
      const view = createBoardView(d.replica, unreflected);
      // A neighbouring unit's sites and vehicles marked `neighbour`: drawn faded, read-only.
      const sites = view.sites();
      const vehicles = view.vehicles();
      const marked = d.neighbours ? d.neighbours.mark(sites, vehicles) : { sites, vehicles };
      return {
        // Where the board shows them: a site moved or placed a moment ago is drawn there at once.
        sites: marked.sites,
        items: d.replica.items(),
        vehicles: marked.vehicles,
        positions: d.positions.latest(),
        link: d.link.status(),
        pending: unreflected
          .filter((e) => e.state === 'pending')
          .map((e) => ({ commandId: e.id, type: e.type, target: commandTarget(e), outcomeUnknown: e.unknownSince !== null })),
      };
    },
  };
}
