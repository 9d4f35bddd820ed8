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

/**
 * Consoles below the city (multi-level command), over the demo's tree (shared/scope/demo-tree.ts):
 * two district bureaus and a police station, each with its duty officer, and a bureau's supervisor.
 * The accounts above are the city's (no unit: the city command center).
 */
export const DEMO_UNIT_ACCOUNTS: readonly { username: string; displayName: string; role: Role; unitId: string; password: string; totpSecret: string }[] = [
  { username: 'centrum.duty', displayName: '中心区分局·值班员', role: 'duty', unitId: 'unit-centrum', password: 'centrum-duty-2026', totpSecret: 'JBSWY3DPEHPK3PXPCNTRDUTYKEYAAAAA' },
  { username: 'centrum.sup', displayName: '中心区分局·值班领导', role: 'supervisor', unitId: 'unit-centrum', password: 'centrum-sup-2026', totpSecret: 'JBSWY3DPEHPK3PXPCNTRSUPVKEYAAAAA' },
  { username: 'hisingen.duty', displayName: '希辛恩分局·值班员', role: 'duty', unitId: 'unit-hisingen', password: 'hisingen-duty-2026', totpSecret: 'JBSWY3DPEHPK3PXPHSNGDUTYKEYAAAAA' },
  { username: 'nordstaden.duty', displayName: '北城派出所·值班员', role: 'duty', unitId: 'unit-nordstaden', password: 'nordstaden-duty-2026', totpSecret: 'JBSWY3DPEHPK3PXPNRDSDUTYKEYAAAAA' },
  { username: 'lundby.duty', displayName: '伦德比派出所·值班员', role: 'duty', unitId: 'unit-lundby', password: 'lundby-duty-2026', totpSecret: 'JBSWY3DPEHPK3PXPLNDBDUTYKEYAAAAA' },
];

/**
 * Seeds the demo accounts into an empty user table; returns true when it did. The units'
 * accounts are added where the tree holds their units and they are missing (a demo database
 * from before the tree gets them on its next start).
 */
export async function seedDemoUsers(users: UserAuthority, hasUnit: (unitId: string) => boolean = () => false): Promise<boolean> {
  const fresh = users.count() === 0;
  if (fresh) {
    for (const [role, a] of Object.entries(DEMO_ACCOUNTS) as [Role, (typeof DEMO_ACCOUNTS)[Role]][]) {
      await users.createUser({ username: a.username, displayName: a.displayName, role, password: a.password, totpSecret: a.totpSecret });
    }
  }
  const demo = users.list().some((u) => u.username === DEMO_ACCOUNTS.duty.username);
  for (const a of DEMO_UNIT_ACCOUNTS) {
    if (!demo || !hasUnit(a.unitId) || users.list().some((u) => u.username === a.username)) continue;
    await users.createUser({ username: a.username, displayName: a.displayName, role: a.role, password: a.password, totpSecret: a.totpSecret, unitId: a.unitId });
  }
  return fresh;
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
    '  Consoles below the city (district bureaus, a police station): the same, one account each',
    ...DEMO_UNIT_ACCOUNTS.map((a) => `  ${a.role.padEnd(11)} ${a.username.padEnd(17)} ${a.password.padEnd(21)} ${a.totpSecret}  ${a.unitId}`),
    '',
  ].join('\n');
}
