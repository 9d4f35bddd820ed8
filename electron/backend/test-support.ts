import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERNAMES } from '../../shared/auth/demo';
import { ROLES, type Role } from '../../shared/auth/roles';
import { createReplicaAccess } from '../../shared/replica/access';
import { BoardError, type CallerContext } from '../../shared/board-api';
import { openStore } from './store/database';

/** What `fn` throws, as "code: message" (an error's code and words both matter to the tests), or 'no error'. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return 'no error';
}

/** A temp folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a truthy value or the time is up. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, ms = 15_000, every = 50): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The caller tests pass to backend.handle (every transport names one). */
export const TEST_CALLER = Object.freeze({ transport: 'internal' as const, origin: 'test' });

/**
 * A fresh random cache key: tests run the cache encrypted, as production does. One per
 * test file (module level) so a test that reopens its cache opens it with the same key.
 */
export function testCacheKey(): Buffer {
  return randomBytes(32);
}

/**
 * Puts the demo accounts into a cache before its backend starts, as a first pull from the
 * reference central would: tests without a central can then sign in with the demo sign-in.
 * The cache is opened with `cacheKey`, the key its backend will be given.
 */
export function seedDemoAccounts(dbPath: string, cacheKey: Buffer, roles: readonly Role[] = ROLES): void {
  const db = openStore(dbPath, { key: cacheKey });
  const access = createReplicaAccess(db);
  for (const role of roles) {
    access.put('user_account', { id: `u-demo-${role}`, username: DEMO_USERNAMES[role], displayName: `demo ${role}`, role, disabled: false, enrolled: true, version: 1, updatedAt: 0 });
  }
  db.close();
}

/** A board call's refusal: its BoardError's code and params (a call that succeeds, or fails otherwise, fails the test). */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; params?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BoardError) return { code: e.code, ...(e.params ? { params: e.params } : {}) };
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A demo account of `role` signed in on a connection of its own (a demo backend's `auth.demoLogin`). */
export async function demoSignedIn(b: { call(method: 'auth.demoLogin', arg: { role: Role }, ctx: CallerContext): Promise<unknown> }, role: Role): Promise<CallerContext> {
  const ctx: CallerContext = { transport: 'port', origin: `test-${role}`, connection: { sessionId: null } };
  await b.call('auth.demoLogin', { role }, ctx);
  return ctx;
}
