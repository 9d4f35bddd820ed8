import { DEMO_USERNAMES } from '../../shared/auth/demo';
import type { Role } from '../../shared/auth/roles';
import type { UserAuthority } from './users';

/**
 * The demo accounts' passwords and second-factor seeds (the reference central only, never
 * a real one): fixed, so the printed sheet, the README and the tests agree.
 */
export const DEMO_ACCOUNTS: Readonly<Record<Role, { username: string; displayName: string; password: string; totpSecret: string }>> = {
  duty: { username: DEMO_USERNAMES.duty, displayName: '演示·值班员', password: 'duty-demo-2026', totpSecret: 'JBSWY3DPEHPK3PXPDUTYDEMOKEYAAAAA' },
  supervisor: { username: DEMO_USERNAMES.supervisor, displayName: '演示·值班领导', password: 'supervisor-demo-2026', totpSecret: 'JBSWY3DPEHPK3PXPSUPVDEMOKEYAAAAA' },
  wall: { username: DEMO_USERNAMES.wall, displayName: '演示·大屏', password: 'wall-demo-2026', totpSecret: 'JBSWY3DPEHPK3PXPWALLDEMOKEYAAAAA' },
  admin: { username: DEMO_USERNAMES.admin, displayName: '演示·系统管理员', password: 'admin-demo-2026', totpSecret: 'JBSWY3DPEHPK3PXPADMNDEMOKEYAAAAA' },
  auditor: { username: DEMO_USERNAMES.auditor, displayName: '演示·审计员', password: 'auditor-demo-2026', totpSecret: 'JBSWY3DPEHPK3PXPAUDTDEMOKEYAAAAA' },
};

/** Seeds the demo accounts into an empty user table; returns true when it did. */
export async function seedDemoUsers(users: UserAuthority): Promise<boolean> {
  if (users.count() > 0) return false;
  for (const [role, a] of Object.entries(DEMO_ACCOUNTS) as [Role, (typeof DEMO_ACCOUNTS)[Role]][]) {
    await users.createUser({ username: a.username, displayName: a.displayName, role, password: a.password, totpSecret: a.totpSecret });
  }
  return true;
}

/** The sheet `npm start` prints on the central's first start. */
export function demoAccountsSheet(): string {
  const rows = (Object.entries(DEMO_ACCOUNTS) as [Role, (typeof DEMO_ACCOUNTS)[Role]][]).map(
    ([role, a]) => `  ${role.padEnd(11)} ${a.username.padEnd(17)} ${a.password.padEnd(21)} ${a.totpSecret}`,
  );
  return [
    '',
    '  演示账号 · Demo accounts (the embedded demo only): sign in with one click under 演示账号 on the sign-in page, or with the password and a code from a phone authenticator given the TOTP secret',
    `  ${'role'.padEnd(11)} ${'user'.padEnd(17)} ${'password'.padEnd(21)} TOTP secret (base32)`,
    ...rows,
    '',
  ].join('\n');
}
