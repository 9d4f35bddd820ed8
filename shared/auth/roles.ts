import type { Permission } from '../permissions';

/**
 * Who may do what. Roles as the division names them: duty officer (值班员), supervisor
 * (值班领导), wall viewer (大屏), administrator (系统管理员), auditor (审计员). The backend
 * checks every call against the session's role and the central checks every command again
 * against the role it holds for the officer the command carries (never the role the
 * command claims).
 */
export const ROLES = ['duty', 'supervisor', 'wall', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

const DUTY: readonly Permission[] = ['board.read', 'fleet.write', 'stock.write', 'dispatch.write', 'alerts.write', 'link.resolve', 'data.export', 'demo.control', 'assets.write', 'handover.sign'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  /** Runs the board: requests, dispatch, stock, vehicles, alerts, refused commands. */
  duty: DUTY,
  /** The duty officer's work, and what a shift leader decides: the wall, the idle lock, the audit log, repairs and scrapping. */
  supervisor: [...DUTY, 'wall.write', 'settings.write', 'audit.read', 'repairs.approve', 'dispatch.approve', 'duty.settings', 'drills.run', 'fleet.settings'],
  /** Reads the board; the wall PC's session. */
  wall: ['board.read'],
  /**
   * Users, settings and master data (where the sites are, the vehicles' service schedules); sees the board and acts on none
   * of its operations (separation of duties): no stock, no dispatch, no vehicles.
   */
  admin: ['board.read', 'users.admin', 'settings.write', 'sites.admin', 'cities.admin', 'duty.settings', 'fleet.settings'],
  /** Reads the audit log only (and exports it: every export is audited). */
  auditor: ['audit.read', 'data.export'],
};

/** Whether a role holds a permission. 'public' and 'session' are never held: they describe callers, not rights. */
export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * The actor a workstation uses for its own automated commands (tests, scripted tools):
 * accepted by a central only from a workstation registered with `allowSystem`.
 */
export const SYSTEM_ACTOR_ID = 'system';
