import type { unitsMethods } from '../../../shared/scope/api';
import type { Auth } from '../auth/service';
import type { HandlersOf } from '../board/handler-types';

/** The command tree's administration: at the central, with the administrator's session (auth/service.ts changeUnits). */
export function createUnitsHandlers(auth: Auth): HandlersOf<typeof unitsMethods> {
  const unitOf = (r: Awaited<ReturnType<Auth['changeUnits']>>) => {
    if (r.kind !== 'unit') throw new Error(`the central answered a unit change with an ${r.kind === 'assignment' ? 'assignment' : 'removal'}`);
    return { unit: r.after };
  };
  return {
    'unit.list': async (ctx) => ({ units: await auth.listUnits(ctx) }),
    'unit.save': async (ctx, { unit }) => unitOf(await auth.changeUnits(ctx, { kind: 'save', unit })),
    'unit.move': async (ctx, { unitId, parentId }) => unitOf(await auth.changeUnits(ctx, { kind: 'move', unitId, parentId })),
    'unit.assign': async (ctx, arg) => {
      await auth.changeUnits(ctx, { kind: 'assign', ...arg });
      return {};
    },
    'unit.remove': async (ctx, { unitId }) => {
      const r = await auth.changeUnits(ctx, { kind: 'remove', unitId });
      if (r.kind !== 'removed') throw new Error('the central answered a removal with another change');
      return { unit: r.before };
    },
  };
}
