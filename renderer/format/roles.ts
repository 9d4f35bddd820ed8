import type { TFunction } from 'i18next';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../shared/auth/roles';
import type { Permission } from '../../shared/permissions';

/** A role in words: "值班领导". 'system' is the workstation's own automation; null (nobody signed in) reads "—". */
export function roleText(t: TFunction, role: Role | 'system' | null): string {
  return role === null ? '—' : t(`format:role.${role}`);
}

/** A permission in words: "出入库". Keys use '_' for the '.', which i18next reads as a level. */
export function permissionText(t: TFunction, permission: Permission): string {
  return t(`format:permission.${permission.replace('.', '_')}`);
}

/** The roles that hold a permission, in the division's order (for "only … may"). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission));
}
