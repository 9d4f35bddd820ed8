import { BoardError } from '../../shared/board-api';
import { VEHICLE_STATUSES, type VehicleStatus } from '../../shared/domain';

/**
 * Why the backend refused a dispatch (dispatch.accept re-checks stock and vehicles), read
 * from its message so the officer gets it in their language with names, not ids. The
 * backend's messages are fixed English sentences (electron/backend/dispatch/handlers.ts);
 * one not recognised here is shown as it came.
 */
export type Refusal =
  | { kind: 'stock'; siteId: string; itemId: string; have: number; take: number }
  | { kind: 'vehicleBusy'; plate: string; status: VehicleStatus }
  | { kind: 'vehicleTwice'; plate: string }
  | { kind: 'requestClosed'; status: string }
  | { kind: 'other'; message: string };

export function readRefusal(error: unknown): Refusal {
  const message = error instanceof BoardError || error instanceof Error ? error.message : String(error);
  let m = /^insufficient stock: (\S+) holds (\d+) of (\S+), the plan takes (\d+)/.exec(message);
  if (m) return { kind: 'stock', siteId: m[1]!, have: Number(m[2]), itemId: m[3]!, take: Number(m[4]) };
  m = /^vehicle (.+) is (\w+), not available/.exec(message);
  if (m && (VEHICLE_STATUSES as readonly string[]).includes(m[2]!)) return { kind: 'vehicleBusy', plate: m[1]!, status: m[2] as VehicleStatus };
  m = /^vehicle (.+) is in two runs/.exec(message);
  if (m) return { kind: 'vehicleTwice', plate: m[1]! };
  m = /^request is (\w+)/.exec(message);
  if (m) return { kind: 'requestClosed', status: m[1]! };
  return { kind: 'other', message: error instanceof BoardError ? `${message} (${error.code})` : message };
}
