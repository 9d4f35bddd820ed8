import type { authDemoMethods, authMethods } from '../../../shared/auth/api';
import type { HandlersOf } from '../board/handler-types';
import type { Auth } from './service';

/** The demo build's one-click sign-in (auth/service.ts demoLogin: refused outside the demo). */
export function createAuthDemoHandlers(auth: Auth): HandlersOf<typeof authDemoMethods> {
  return {
    'auth.demoLogin': (ctx, { role }) => ({ session: auth.demoLogin(ctx, role) }),
  };
}

/** Signing in and out, the idle lock, users (at the central) and the workstation's settings. */
export function createAuthHandlers(auth: Auth): HandlersOf<typeof authMethods> {
  return {
    'auth.status': (ctx) => auth.status(ctx),
    'auth.login': (ctx, arg) => auth.login(ctx, arg),
    'auth.enrol': (ctx, arg) => auth.enrol(ctx, arg),
    'auth.logout': (ctx) => {
      auth.logout(ctx);
      return {};
    },
    'auth.lock': (ctx) => {
      auth.lock(ctx);
      return {};
    },
    'auth.unlock': async (ctx, { password }) => {
      await auth.unlock(ctx, password);
      return {};
    },
    'auth.activity': (ctx) => ({ lockInS: auth.activity(ctx) }),
    'user.list': async (ctx) => ({ users: await auth.listUsers(ctx) }),
    'user.create': async (ctx, arg) => ({ userId: (await auth.changeUser(ctx, { kind: 'create', ...arg })).id }),
    'user.setRole': async (ctx, { userId, role }) => {
      await auth.changeUser(ctx, { kind: 'role', userId, role });
      return {};
    },
    'user.resetSecondFactor': async (ctx, { userId }) => {
      await auth.changeUser(ctx, { kind: 'reset_second_factor', userId });
      return {};
    },
    'user.setDisabled': async (ctx, { userId, disabled }) => {
      await auth.changeUser(ctx, { kind: 'disabled', userId, disabled });
      return {};
    },
    'user.setPassword': async (ctx, { userId, password }) => {
      await auth.changeUser(ctx, { kind: 'password', userId, password });
      return {};
    },
    'user.setUnit': async (ctx, { userId, unitId }) => {
      await auth.changeUser(ctx, { kind: 'unit', userId, unitId });
      return {};
    },
    'settings.get': () => ({ lockAfterMinutes: auth.lockAfterMinutes() }),
    'settings.set': (ctx, { lockAfterMinutes }) => ({ lockAfterMinutes: auth.setLockAfter(ctx, lockAfterMinutes) }),
  };
}
