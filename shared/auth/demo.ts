import type { Role } from './roles';

/**
 * The embedded demo's accounts, one per role (seeded by the reference central; their
 * passwords and TOTP secrets are printed when it first starts). The demo's sign-in page
 * signs one in with a click (auth.demoLogin, POST /auth/demo): only a demo backend ever does that.
 */
export const DEMO_USERNAMES: Readonly<Record<Role, string>> = {
  duty: 'demo.duty',
  supervisor: 'demo.supervisor',
  wall: 'demo.wall',
  admin: 'demo.admin',
  auditor: 'demo.auditor',
};
