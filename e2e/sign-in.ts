import { expect, type Page } from '@playwright/test';
import type { Role } from '../shared/auth/roles';
import { totpCode } from '../shared/auth/totp';

/** The demo sign-in key every e2e stack's host is started with (own-stack.ts). */
export const E2E_DEMO_KEY = 'demo-e2e';

/** The demo sign-in link for a role on the host that serves `boardUrl` (the demo build only). */
export function demoSignInUrl(boardUrl: string, role: Role = 'duty'): string {
  return `${new URL(boardUrl).origin}/auth/demo?role=${role}&key=${E2E_DEMO_KEY}`;
}

/**
 * A session cookie for a role, as the demo sign-in gives it (tools that talk to the board
 * socket directly, as a console would). Retries while the board has not yet pulled the
 * demo accounts from the central (a stack's first seconds).
 */
export async function sessionCookie(boardUrl: string, role: Role = 'supervisor', timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(demoSignInUrl(boardUrl, role), { redirect: 'manual' });
    if (r.status === 302) return r.headers.get('set-cookie')!.split(';')[0]!;
    if (Date.now() > until) throw new Error(`demo sign-in as ${role} failed: HTTP ${r.status} ${await r.text()}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** The board socket's address on the host that serves `boardUrl`. */
export const boardSocket = (boardUrl: string): string => `${new URL(boardUrl).origin.replace(/^http/, 'ws')}/board`;

/** Signs an account in on the sign-in page the full way (name, password, the TOTP code at `at`) and waits for the board. */
export async function signInWithCode(page: Page, a: { username: string; password: string; totpSecret: string }, at = Date.now()): Promise<void> {
  await expect(page.getByTestId('signin')).toBeVisible();
  await page.getByTestId('signin-username').fill(a.username);
  await page.getByTestId('signin-password').fill(a.password);
  await page.getByTestId('signin-code').fill(totpCode(a.totpSecret, at));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__jingbaoTest?.ready === true, null, { timeout: 45_000 });
}
