import { describe, expect, it } from 'vitest';
import { advanceRotation, currentIndex, initialRotation, interruptingAlerts, type WallAlert } from './rotation';
import { resolveSchedule } from './scenes';

const alert = (over: Partial<WallAlert> & { acknowledgedAt?: number }): WallAlert => {
  const { acknowledgedAt, ...rest } = over;
  return {
    id: 'a', kind: 'red_request', level: 'red', subject: '00000000-0000-4000-8000-000000000000', label: '某地', place: null, raisedAt: 0, raisedBy: 'system', owner: null,
    respondBy: null, closeBy: null, state: acknowledgedAt === undefined ? 'open' : 'acknowledged', acknowledged: acknowledgedAt === undefined ? null : { at: acknowledgedAt, by: 'duty' },
    escalations: [], overdue: { respond: null, close: null }, clearedAt: null, closed: null, provisional: false, pending: false,
    request: { id: '00000000-0000-4000-8000-000000000000', deadlineAt: 0, predictedArrivalAt: null }, signal: null, ...rest,
  };
};

describe('rotation', () => {
  it('advances through the scenes, wraps and counts, without lists that grow', () => {
    const run = resolveSchedule(null);
    let s = initialRotation(run);
    expect(s.sceneId).toBe('overview');
    const seen: string[] = [];
    for (let i = 0; i < 11; i++) {
      s = advanceRotation(s, run);
      seen.push(s.sceneId);
    }
    expect(seen).toEqual(['dispatches', 'alerts', 'link', 'readiness', 'overview', 'dispatches', 'alerts', 'link', 'readiness', 'overview', 'dispatches']);
    expect(s.rotations).toBe(11);
    expect(s.cycles).toBe(2);
    expect(Object.keys(s).sort()).toEqual(['cycles', 'rotations', 'sceneId']);
  });

  it('keeps the scene on screen when the schedule changes around it, and starts over when it was switched off', () => {
    const before = resolveSchedule(null);
    const s = advanceRotation(initialRotation(before), before); // dispatches
    const reordered = resolveSchedule({ scenes: [{ id: 'link', enabled: true, durationS: 5 }, { id: 'dispatches', enabled: true, durationS: 5 }] });
    expect(reordered[currentIndex(s, reordered)]!.id).toBe('dispatches');
    expect(advanceRotation(s, reordered).sceneId).toBe('overview');
    const without = resolveSchedule({ scenes: [{ id: 'dispatches', enabled: false, durationS: 5 }] });
    expect(currentIndex(s, without)).toBe(0);
  });

  it('a single scene still counts rotations (the timer re-arms)', () => {
    const one = resolveSchedule({ scenes: ['overview', 'dispatches', 'alerts', 'link', 'readiness'].map((id) => ({ id, enabled: id === 'link', durationS: 5 })) });
    const s = advanceRotation(initialRotation(one), one);
    expect(s).toEqual({ sceneId: 'link', rotations: 1, cycles: 1 });
  });

  it('is interrupted by unacknowledged red alerts and deadlines about to be missed, not by the rest', () => {
    const list = [
      alert({ id: 'red-ack', acknowledgedAt: 5 }),
      alert({ id: 'risk', kind: 'deadline_risk', level: 'orange' }),
      alert({ id: 'red', kind: 'red_request' }),
      alert({ id: 'missed-ack', kind: 'deadline_missed', acknowledgedAt: 1 }),
      alert({ id: 'yellow', kind: 'red_request', level: 'yellow' }),
    ];
    expect(interruptingAlerts(list).map((a) => a.id)).toEqual(['risk', 'red']);
    expect(interruptingAlerts([])).toEqual([]);
  });
});
