import { useEffect, useState } from 'react';
import type { BoardClient } from '../api/board-client';
import { vehicleTask, type TaskSource, type VehicleTask } from './vehicle-task';

/**
 * The task of one vehicle (vehicle-task.ts), from request.list: read again when the board's
 * data moves and whenever the live arrival predictions move (dispatch.etasChanged).
 */
export function useVehicleTask(client: BoardClient, vehicleId: string, epoch: number): VehicleTask | null {
  const [source, setSource] = useState<TaskSource | null>(null);
  const [etaTick, setEtaTick] = useState(0);
  useEffect(() => client.on('dispatch.etasChanged', () => setEtaTick((n) => n + 1)), [client]);
  useEffect(() => {
    let live = true;
    client.call('request.list', {}).then(
      (r) => live && setSource(r),
      // The panel keeps what it showed; the board reports an unreachable backend elsewhere.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, epoch, etaTick]);
  return source ? vehicleTask(vehicleId, source) : null;
}
