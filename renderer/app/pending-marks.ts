import type { MethodResult } from '../../shared/board-api';

export type PendingCommand = MethodResult<'board.snapshot'>['pending'][number];

/**
 * Targets named the way the backend names what a pending command touches
 * (board.snapshot `pending[].target`): `vehicle:<id>`, `stock:<siteId>/<itemId>`.
 */
export const vehicleTarget = (vehicleId: string): string => `vehicle:${vehicleId}`;
export const stockTarget = (siteId: string, itemId: string): string => `stock:${siteId}/${itemId}`;

/** Everything with a command still waiting for the central, for the "pending upload" marks. */
export function pendingTargets(pending: readonly PendingCommand[]): ReadonlySet<string> {
  return new Set(pending.map((p) => p.target));
}
