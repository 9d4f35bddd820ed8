/**
 * Status colours moved to palette.ts with the rest of the board's colours; re-exported
 * here for code that still imports them from this module (bench/page, older branches).
 */
export { VEHICLE_STATUS_COLORS } from './palette';

/** After this long without a report a position is stale (drawn faded, age shown). */
export const POSITION_STALE_MS = 30_000;
