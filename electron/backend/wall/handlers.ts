import { wallScheduleSchema, type CallerContext, type WallSchedule } from '../../../shared/board-api';
import type { wallMethods } from '../../../shared/wall/api';
import type { HandlersOf } from '../board/handler-types';

/** The wall's schedule lives in the backend, so a wall on another PC (browser host) gets what the console set. */
export function createWallHandlers(d: {
  settings: { get(key: string): string | undefined; set(key: string, value: string): void };
  onWallSchedule: (schedule: WallSchedule) => void;
  /** A setting changed by this caller: audited with before and after, in the same transaction as the change. */
  settingChanged: <T>(ctx: CallerContext, key: string, before: unknown, after: unknown, write: () => T) => T;
}): HandlersOf<typeof wallMethods> {
  const KEY = 'wall.schedule';
  return {
    'wall.schedule': () => {
      const raw = d.settings.get(KEY);
      if (!raw) return { schedule: null };
      const parsed = wallScheduleSchema.safeParse(JSON.parse(raw));
      return { schedule: parsed.success ? parsed.data : null };
    },
    'wall.setSchedule': (ctx, schedule) => {
      const raw = d.settings.get(KEY);
      d.settingChanged(ctx, KEY, raw ? (JSON.parse(raw) as unknown) : null, schedule, () => d.settings.set(KEY, JSON.stringify(schedule)));
      d.onWallSchedule(schedule);
      return { schedule };
    },
  };
}
