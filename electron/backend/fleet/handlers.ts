import { BoardError } from '../../../shared/board-api';
import type { fleetMethods } from '../../../shared/fleet/api';
import { ack, type CommandIssuer } from '../commands/issue';
import type { Outbox } from '../store/outbox';
import { TRAIL_WINDOW_MS, type PositionStore } from '../store/positions';
import type { ReplicaReader } from '../store/replica';
import { createBoardView } from '../store/view';
import type { HandlersOf } from '../board/handler-types';

/** Vehicles: one vehicle's record, last position and track, and setting its status. */
export function createFleetHandlers(d: { replica: ReplicaReader; positions: PositionStore; outbox: Outbox; commands: CommandIssuer }): HandlersOf<typeof fleetMethods> {
  return {
    'vehicle.detail': (_ctx, { vehicleId }) => {
      const vehicle = createBoardView(d.replica, d.outbox.unreflected()).vehicle(vehicleId);
      if (!vehicle) throw new BoardError('not_found', `no vehicle '${vehicleId}'`, { vehicle: vehicleId });
      const position = d.positions.latestOf(vehicle.no);
      const trail = position ? d.positions.trailOf(vehicle.no, position.ts - TRAIL_WINDOW_MS) : [];
      return { vehicle, position, trail };
    },
    'vehicle.setStatus': (ctx, { vehicleId, status, commandId }) => {
      if (!d.replica.vehicle(vehicleId)) throw new BoardError('not_found', `no vehicle '${vehicleId}'`, { vehicle: vehicleId });
      return ack(d.commands.issue(ctx, 'vehicle.setStatus', { vehicleId, status }, commandId));
    },
  };
}
