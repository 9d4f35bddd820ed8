/**
 * What a caller may do. Every board API method and every command declares the permission
 * it needs; the backend checks it for each call and the central checks commands again.
 * Roles map to permissions with the logins (who may hold which is not decided here).
 */
export const PERMISSIONS = [
  /** See the board: sites, fleet, requests, the link's state. */
  'board.read',
  /** Set a vehicle's status (repair, back in service). */
  'fleet.write',
  /** Book stock in and out. */
  'stock.write',
  /** Record requests, dispatch, confirm, cancel. */
  'dispatch.write',
  /** Acknowledge alerts. */
  'alerts.write',
  /** Decide on a refused command (discard, issue again). */
  'link.resolve',
  /** Change the wall's rotation. */
  'wall.write',
  /** The demo build's controls (cutting the link). */
  'demo.control',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
