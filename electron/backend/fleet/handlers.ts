import { BoardError } from '../../../shared/board-api';
import type { PayloadOf } from '../../../shared/commands/registry';
import type { fleetMethods } from '../../../shared/fleet/api';
import { SERVICE_READING_SLACK_KM, vehicleRecordService } from '../../../shared/fleet/commands/vehicle-record-service';
import { vehicleSetServiceInterval } from '../../../shared/fleet/commands/vehicle-set-service-interval';
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
    'vehicle.recordService': (ctx, { vehicleId, odometerKm, commandId }) => {
      // The officer's retry of the same intent (a lost answer): the command queued then, as it was
      // (its odometer typed against is the one before it, not the view it now makes).
      const prior = d.commands.prior(commandId);
      if (prior?.type === 'vehicle.recordService') {
        const p = prior.payload as PayloadOf<'vehicle.recordService'>;
        if (p.vehicleId === vehicleId && p.odometerKm === odometerKm) return ack(d.commands.issue(ctx, 'vehicle.recordService', p, commandId));
      }
      // The command's rules, on a throwaway layer of the vehicle as the board shows it (queued
      // services included): a slip of the keyboard is refused at once, in words, not only later
      // by the central.
      const v = createBoardView(d.replica, d.outbox.unreflected());
      const vehicle = v.vehicle(vehicleId);
      if (!vehicle) throw new BoardError('not_found', `no vehicle '${vehicleId}'`, { vehicle: vehicleId });
      // The odometer the reading is typed against travels with it: applied later (the link was
      // down, the vehicle drove on), the central checks it against this and adds what was driven since.
      const seen = vehicle.service ? { seenOdometerKm: vehicle.service.odometerKm } : {};
      const r = vehicleRecordService.apply(v.tx, { vehicleId, odometerKm, ...seen }, { at: Date.now(), by: 'check' });
      if (!r.ok) {
        const s = vehicle.service!;
        if (r.code === 'odometer_backwards') throw new BoardError('odometer_backwards', r.reason, { km: odometerKm, last: s.lastServiceKm });
        if (r.code === 'odometer_implausible') throw new BoardError('odometer_implausible', r.reason, { km: odometerKm, odometer: Math.round(s.odometerKm), slack: SERVICE_READING_SLACK_KM });
        throw new BoardError('bad_request', r.reason, { code: r.code });
      }
      return ack(d.commands.issue(ctx, 'vehicle.recordService', { vehicleId, odometerKm, ...seen }, commandId));
    },
    'vehicle.setServiceInterval': (ctx, { vehicleId, intervalKm, intervalMonths, commandId }) => {
      const v = createBoardView(d.replica, d.outbox.unreflected());
      if (!v.vehicle(vehicleId)) throw new BoardError('not_found', `no vehicle '${vehicleId}'`, { vehicle: vehicleId });
      const r = vehicleSetServiceInterval.apply(v.tx, { vehicleId, intervalKm, intervalMonths }, { at: Date.now(), by: 'check' });
      if (!r.ok) throw new BoardError(r.code === 'no_service_record' ? 'no_service_record' : 'bad_request', r.reason, { code: r.code });
      return ack(d.commands.issue(ctx, 'vehicle.setServiceInterval', { vehicleId, intervalKm, intervalMonths }, commandId));
    },
    'vehicle.setStatus': (ctx, { vehicleId, status, commandId }) => {
      if (!d.replica.vehicle(vehicleId)) throw new BoardError('not_found', `no vehicle '${vehicleId}'`, { vehicle: vehicleId });
      return ack(d.commands.issue(ctx, 'vehicle.setStatus', { vehicleId, status }, commandId));
    },
  };
}
