/**
 * Who is at the board, through the browser host on a stack of its own: nothing shows
 * before signing in; a sign-in takes the password and the TOTP code (computed here, as the
 * officer's phone would); the board idles into the lock after the division's 15 minutes
 * (the page's clock is run forward) and hides the map; a wrong password does not unlock,
 * the right one does; a supervisor-only action is refused for a duty officer by the
 * backend; and after the link to the central is cut, an officer who signed in here before
 * signs in again, offline. Each step leaves its audit entry.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import WebSocket from 'ws';
import { DEMO_ACCOUNTS } from '../central/auth/demo-users';
import { totpCode } from '../shared/auth/totp';
import type { AuditAction } from '../shared/audit/schema';
import type { MethodResult } from '../shared/board-api';
import { resolve } from 'node:path';
import { startHost } from '../electron/host/server';
import { startStack, type Stack } from './own-stack';
import { boardSocket, sessionCookie } from './sign-in';

const SCREENS = 'test-results/screens';
let stack: Stack;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('auth');
  await sessionCookie(stack.host.boardUrl, 'duty'); // the board has its users from the central
});
test.afterAll(async () => {
  await stack?.close();
});

const duty = DEMO_ACCOUNTS.duty;
const audit = async (action: AuditAction) => {
  const r = (await stack.backend.call('audit.list', { action })) as MethodResult<'audit.list'>;
  return [...r.local, ...r.central];
};

async function signIn(page: Page, password: string, code: string) {
  await page.getByTestId('signin-username').fill(duty.username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-code').fill(code);
  await page.keyboard.press('Enter');
}

/** One call on the board socket with this page's own session cookie, as a script in the page could make it. */
async function callAs(page: Page, method: string, arg: unknown): Promise<{ ok: boolean; error?: { code: string; params?: Record<string, unknown> } }> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'jb_session')!;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(boardSocket(stack.host.boardUrl), { headers: { cookie: `jb_session=${cookie.value}` } });
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, arg })));
    ws.on('message', (data, binary) => {
      if (binary) return;
      const m = JSON.parse(String(data)) as { kind: string; id?: number; ok: boolean; error?: { code: string } };
      if (m.kind !== 'result' || m.id !== 1) return;
      ws.close();
      resolve(m);
    });
    ws.on('error', reject);
  });
}

test('password and TOTP, the idle lock, unlock, a supervisor-only action refused, all audited', async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.clock.install();
  await page.goto(stack.host.boardUrl);
  // Nothing of the board before signing in: no map, no socket.
  await expect(page.getByTestId('signin')).toBeVisible();
  await expect(page.locator('canvas')).toHaveCount(0);
  await expect(page.getByTestId('signin-username')).toBeFocused();

  // A wrong code is refused and says so; nothing opens.
  await signIn(page, duty.password, '000000');
  await expect(page.getByTestId('signin-error')).toContainText('用户名、密码或动态码不正确');
  await expect(page.getByTestId('signin')).toBeVisible();

  // The right password and the code the phone shows now.
  // One code, kept: the replay below sends this same one (a step boundary in between would otherwise give a new, valid code).
  const code = totpCode(duty.totpSecret);
  await signIn(page, duty.password, code);
  await page.waitForFunction(() => window.__jingbaoTest?.ready === true, null, { timeout: 45_000 });
  await expect(page.getByTestId('user-badge')).toContainText(duty.displayName);
  await expect(page.getByTestId('user-badge')).toHaveAttribute('data-role', 'duty');
  await page.screenshot({ path: `${SCREENS}/auth-signed-in.png` });
  // The same code again is a replay: refused at the central, even though it is still on the phone.
  const replay = await fetch(`${stack.host.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: duty.username, password: duty.password, code }) });
  expect(((await replay.json()) as { code: string }).code).toBe('code_replayed');

  // Fifteen minutes with no key and no pointer: the board locks itself, and the map goes.
  await page.clock.fastForward('15:30');
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('canvas')).toHaveCount(0);
  await expect(page.getByTestId('lock-screen')).toContainText(duty.displayName);
  await page.screenshot({ path: `${SCREENS}/auth-locked.png` });
  // Locked at the backend too: a call with the session is refused, not just hidden.
  expect((await callAs(page, 'board.snapshot', {})).error?.code).toBe('locked');

  // A wrong password does not unlock; the right one does.
  await page.getByTestId('lock-password').fill('not-the-password');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-error')).toContainText('不正确');
  await page.getByTestId('lock-password').fill(duty.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen')).toBeHidden();
  await page.waitForFunction(() => window.__jingbaoTest?.ready === true, null, { timeout: 45_000 });

  // A supervisor's action (the wall's rotation) is refused for a duty officer by the backend, whatever the page does.
  const refused = await callAs(page, 'wall.setSchedule', { scenes: [{ id: 'overview', enabled: true, durationS: 30 }] });
  expect(refused.ok).toBe(false);
  expect(refused.error).toMatchObject({ code: 'forbidden', params: { permission: 'wall.write', role: 'duty' } });

  // Each step is in the audit chain, in order, under this officer: the refused code, the
  // sign-in, the refused replay, the idle lock, the refused and the good unlock, the refusal.
  const entries = (await stack.backend.call('audit.list', { username: duty.username, from: t0, limit: 50 })) as MethodResult<'audit.list'>;
  const seq = [...entries.central.map((e) => ({ ws: e.wsSeq, action: e.action })), ...entries.local.map((e) => ({ ws: e.seq, action: e.action }))]
    .sort((a, b) => a.ws - b.ws)
    .map((e) => e.action);
  expect(seq).toEqual(['login_failed', 'login', 'login_failed', 'lock', 'unlock_failed', 'unlock', 'forbidden']);
  expect((await stack.backend.call('audit.verify', {})) as MethodResult<'audit.verify'>).toMatchObject({ local: { ok: true }, central: { ok: true }, mismatch: null });
});

test('signed in here before: signs in again while the central is cut off (offline verifier, both factors)', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(stack.host.boardUrl);
  await expect(page.getByTestId('signin')).toBeVisible();
  stack.backend.setCut(true);
  try {
    // The code of the next step: the one of this step was used online a moment ago.
    const next = totpCode(duty.totpSecret, Date.now() + 30_000);
    await signIn(page, 'wrong-password-1', next);
    await expect(page.getByTestId('signin-error')).toContainText('用户名、密码或动态码不正确');
    await signIn(page, duty.password, next);
    await page.waitForFunction(() => window.__jingbaoTest?.ready === true, null, { timeout: 45_000 });
    await expect(page.getByTestId('offline-badge')).toBeVisible();
    await expect(page.getByTestId('user-badge')).toContainText(duty.displayName);
    await page.screenshot({ path: `${SCREENS}/auth-offline.png` });
    const logins = await audit('login');
    expect(logins.some((e) => e.username === duty.username && (e.detail as { offline?: boolean }).offline === true)).toBe(true);
    // One keystroke signs out, for the next officer.
    await page.keyboard.press('Control+Shift+L');
    await expect(page.getByTestId('signin')).toBeVisible();
  } finally {
    stack.backend.setCut(false);
  }
});

test('the demo’s sign-in page: one click per demo account, audited as a demo sign-in; --demo-login signs in by itself', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await page.goto(stack.host.boardUrl);
  await expect(page.getByTestId('signin-demo')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/auth-demo-accounts.png` });
  await page.getByTestId('signin-demo-supervisor').click();
  await page.waitForFunction(() => window.__jingbaoTest?.ready === true, null, { timeout: 45_000 });
  await expect(page.getByTestId('user-badge')).toHaveAttribute('data-role', 'supervisor');
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  const logins = await audit('login');
  expect(logins.some((e) => e.username === DEMO_ACCOUNTS.supervisor.username && (e.detail as { demo?: boolean }).demo === true)).toBe(true);

  // A host started with --demo-login auditor (same backend): a fresh browser is signed in as the auditor without a click.
  const auto = await startHost({ backend: stack.backend, rendererDir: resolve(import.meta.dirname, '../out/renderer'), wallToken: 'auth-auto', demoLoginKey: 'auth-auto-key', demoLogin: 'auditor', log: () => {} });
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    const fresh = await context.newPage();
    await fresh.goto(auto.boardUrl);
    await expect(fresh.getByTestId('user-badge')).toHaveAttribute('data-role', 'auditor', { timeout: 30_000 });
    await expect(fresh.getByTestId('demo-badge')).toBeVisible();
    await fresh.screenshot({ path: `${SCREENS}/auth-demo-auditor.png` });
  } finally {
    await context.close();
    await auto.close();
  }
});
