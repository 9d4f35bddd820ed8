import type { Position, Vehicle } from '../../shared/domain';
import type { CheckedPositionsFrame } from '../api/positions-frame';
import {
  applyPositionFrame,
  applyPositions,
  createVehicleBuffers,
  refreshStaleness,
  setVehicleStatuses,
  type VehicleBuffers,
} from './vehicle-buffers';

/**
 * Owns the vehicle buffers outside React: position frames land here at stream rate
 * and only the map is told (it redraws at most once per animation frame). React state
 * never holds positions, so a frame never re-renders the app.
 */
export type VehicleFeed = {
  readonly buffers: VehicleBuffers;
  /** Vehicles changed by frames since start (the e2e hook reads it). */
  readonly positionsApplied: number;
  readonly badFrames: number;
  /** A frame checked by the board client, or a raw one (checked here). */
  applyFrame(frame: ArrayBuffer | CheckedPositionsFrame): number;
  applySnapshot(vehicles: readonly (Vehicle & { neighbour?: true })[], positions: readonly Position[]): void;
  /** Re-fades stale positions; call about once a second. */
  tick(now?: number): void;
  subscribe(fn: () => void): () => void;
};

export function createVehicleFeed(capacity = 256, logError: (m: string, e: unknown) => void = console.error): VehicleFeed {
  const buffers = createVehicleBuffers(capacity);
  const listeners = new Set<() => void>();
  let positionsApplied = 0;
  let badFrames = 0;
  const notify = () => {
    for (const fn of [...listeners]) fn();
  };
  return {
    buffers,
    get positionsApplied() {
      return positionsApplied;
    },
    get badFrames() {
      return badFrames;
    },
    applyFrame(frame) {
      let changed: number;
      try {
        changed = applyPositionFrame(buffers, frame);
      } catch (error) {
        badFrames++;
        logError('[positions] frame rejected', error);
        return 0;
      }
      positionsApplied += changed;
      if (changed > 0) notify();
      return changed;
    },
    applySnapshot(vehicles, positions) {
      setVehicleStatuses(buffers, vehicles);
      applyPositions(buffers, positions);
      notify();
    },
    tick(now = Date.now()) {
      if (refreshStaleness(buffers, now) > 0) notify();
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}
