import { describe, expect, it } from 'vitest';
import { wallScheduleSchema } from '../../shared/board-api';
import { defaultSchedule, editableSchedule, isWallPath, resolveSchedule, speedFromSearch, WALL_SCENES } from './scenes';

const ids = (list: { id: string }[]) => list.map((s) => s.id);

describe('wall scenes', () => {
  it('are data: each has a positive default duration, a camera and a panel', () => {
    expect(ids([...WALL_SCENES])).toEqual(['overview', 'dispatches', 'alerts', 'link', 'readiness']);
    for (const s of WALL_SCENES) expect(s.defaultDurationS).toBeGreaterThanOrEqual(5);
  });

  it('runs the defaults when no schedule is set', () => {
    const run = resolveSchedule(null);
    expect(ids(run)).toEqual(ids([...WALL_SCENES]));
    expect(run.map((s) => s.durationMs)).toEqual(WALL_SCENES.map((s) => s.defaultDurationS * 1000));
  });

  it("follows the officer's order, switches and durations", () => {
    const run = resolveSchedule({
      scenes: [
        { id: 'link', enabled: true, durationS: 10 },
        { id: 'overview', enabled: true, durationS: 60 },
        { id: 'dispatches', enabled: false, durationS: 30 },
        { id: 'alerts', enabled: true, durationS: 5 },
        { id: 'readiness', enabled: false, durationS: 20 },
      ],
    });
    expect(run.map((s) => [s.id, s.durationMs])).toEqual([
      ['link', 10_000],
      ['overview', 60_000],
      ['alerts', 5_000],
    ]);
  });

  it('skips ids it does not know and appends scenes the schedule predates', () => {
    // A schedule saved before the readiness scene existed (and one from a newer console naming a scene this build lacks).
    const run = resolveSchedule({ scenes: [{ id: 'batteries', enabled: true, durationS: 20 }, { id: 'link', enabled: true, durationS: 8 }, { id: 'link', enabled: false, durationS: 9 }] });
    expect(ids(run)).toEqual(['link', 'overview', 'dispatches', 'alerts', 'readiness']);
    expect(run[0]!.durationMs).toBe(8000);
  });

  it('never leaves the wall blank: everything off still shows the overview', () => {
    const run = resolveSchedule({ scenes: WALL_SCENES.map((s) => ({ id: s.id, enabled: false, durationS: 10 })) });
    expect(ids(run)).toEqual(['overview']);
  });

  it('speeds up for tests, within bounds', () => {
    expect(resolveSchedule(null, 20)[0]!.durationMs).toBe(1500);
    expect(resolveSchedule(null, 1e9)[0]!.durationMs).toBe(300);
    expect(resolveSchedule(null, 0.1)[0]!.durationMs).toBe(30_000);
    expect(speedFromSearch('?speed=20')).toBe(20);
    expect(speedFromSearch('?speed=abc')).toBe(1);
    expect(speedFromSearch('?speed=-3')).toBe(1);
    expect(speedFromSearch('')).toBe(1);
  });

  it('gives the editor every known scene once, and a default schedule the backend accepts', () => {
    expect(wallScheduleSchema.safeParse(defaultSchedule()).success).toBe(true);
    const edit = editableSchedule({ scenes: [{ id: 'alerts', enabled: false, durationS: 9999 }, { id: 'nope', enabled: true, durationS: 10 }] });
    expect(ids(edit)).toEqual(['alerts', 'overview', 'dispatches', 'link', 'readiness']);
    expect(edit[0]).toEqual({ id: 'alerts', enabled: false, durationS: 3600 });
    expect(wallScheduleSchema.safeParse({ scenes: edit }).success).toBe(true);
  });

  it('knows the wall route', () => {
    expect(isWallPath('/wall')).toBe(true);
    expect(isWallPath('/wall/')).toBe(true);
    expect(isWallPath('/')).toBe(false);
    expect(isWallPath('/wallpaper')).toBe(false);
  });
});
