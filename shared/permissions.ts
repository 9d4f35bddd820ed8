/**
 * What a caller may do. Every board API method and every command declares the permission
 * it needs; the backend checks it for each call and the central checks commands again.
 * Roles map to permissions in shared/auth/roles.ts.
 *
 * Two are not held by roles but say what kind of caller a method serves: 'public' (no
 * session needed: logging in) and 'session' (any signed-in session, locked included:
 * unlocking, logging out).
 */
export const PERMISSIONS = [
  'public',
  'session',
  /** See the board: sites, fleet, requests, the link's state. */
  'board.read',
  /** Set a vehicle's status (repair, back in service). */
  'fleet.write',
  /** Book stock in and out. */
  'stock.write',
  /** Record requests, dispatch, confirm, cancel. */
  'dispatch.write',
  /** Approve or refuse a dispatch plan that waits for a supervisor (stock across a county line, below safety stock, a large allocation). */
  'dispatch.approve',
  /** Acknowledge alerts. */
  'alerts.write',
  /** Decide on a refused command (discard, issue again). */
  'link.resolve',
  /** Change the wall's rotation. */
  'wall.write',
  /** The demo build's controls (cutting the link). */
  'demo.control',
  /** Export data (CSV, PDF): every export is audited. */
  'data.export',
  /** Read and verify the audit log. */
  'audit.read',
  /** Create users, change roles, reset a second factor, disable an account. */
  'users.admin',
  /** Change the workstation's settings (the idle lock). */
  'settings.write',
  /** Master data: place a new site (depot, quick-pick point, police station) or move one on the map. */
  'sites.admin',
  /** Import, switch and delete the workstation's cities (its road network and base map). */
  'cities.admin',
  /** The readiness ledger: record an asset's lifecycle steps, file repair and scrapping requests. */
  'assets.write',
  /** Approve or reject a repair or scrapping request (a supervisor's decision, 值班领导). */
  'repairs.approve',
  /** Sign a shift's handover, outgoing or incoming (交接班). */
  'handover.sign',
  /** The duty settings: alert rules and thresholds, time limits per level, request classes, shifts and teams. */
  'duty.settings',
  /** Run a link-failure drill (cut, work offline, restore, reconcile). */
  'drills.run',
  /** A vehicle's service schedule (保养周期): its interval by mileage and by months. */
  'fleet.settings',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
