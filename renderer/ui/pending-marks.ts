import type { MethodResult } from '../../shared/board-api';

export type PendingCommand = MethodResult<'board.snapshot'>['pending'][number];

/**
 * Targets named the way the backend names what a pending command touches
 * (board.snapshot `pending[].target`): `vehicle:<id>`, `stock:<siteId>/<itemId>`.
 */
export const vehicleTarget = (vehicleId: string): string => `vehicle:${vehicleId}`;
export const stockTarget = (siteId: string, itemId: string): string => `stock:${siteId}/${itemId}`;
/** A site moved or placed (its position). */
export const siteTarget = (siteId: string): string => `site:${siteId}`;
/** An asset's lifecycle step (asset.step), and a repair or scrapping request (repair.file, .decide, .close). */
export const assetTarget = (assetId: string): string => `asset:${assetId}`;
export const repairTarget = (repairId: string): string => `repair:${repairId}`;

/** 'waiting': not yet sent or not yet answered; 'unknown': the last answer was unreadable, the same command is being retried. */
export type PendingState = 'waiting' | 'unknown';
export type PendingMarks = ReadonlyMap<string, PendingState>;

/** Everything with a command still waiting for the central, for the "pending upload" marks (unknown outranks waiting). */
export function pendingTargets(pending: readonly PendingCommand[]): PendingMarks {
  const marks = new Map<string, PendingState>();
  for (const p of pending) if (marks.get(p.target) !== 'unknown') marks.set(p.target, p.outcomeUnknown ? 'unknown' : 'waiting');
  return marks;
}

/**
 * The marks with the targets of commands this console has just queued, before the
 * backend's next snapshot lists them (so the mark shows from the moment the officer acts).
 */
export function withJustQueued(marks: PendingMarks, targets: readonly string[]): PendingMarks {
  if (targets.length === 0) return marks;
  const out = new Map(marks);
  for (const target of targets) if (!out.has(target)) out.set(target, 'waiting');
  return out;
}
