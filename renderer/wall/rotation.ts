import type { AlertView } from '../../shared/alerts/api';
import type { ScheduledScene, WallSceneId } from './scenes';

/**
 * The rotation as plain state, kept by id rather than index so that a schedule changed
 * on a console while the wall runs keeps the scene on screen where it still exists.
 * Counters are numbers, never lists: the wall runs for weeks.
 */
export type RotationState = {
  sceneId: WallSceneId;
  /** Scene changes since start (tests and the soak read it). */
  rotations: number;
  /** Times the rotation wrapped round to its first scene. */
  cycles: number;
};

export function initialRotation(entries: readonly ScheduledScene[]): RotationState {
  return { sceneId: entries[0]?.id ?? 'overview', rotations: 0, cycles: 0 };
}

/** Position of the current scene in the rotation; the first scene if it was switched off. */
export function currentIndex(state: RotationState, entries: readonly ScheduledScene[]): number {
  const i = entries.findIndex((e) => e.id === state.sceneId);
  return i < 0 ? 0 : i;
}

export function advanceRotation(state: RotationState, entries: readonly ScheduledScene[]): RotationState {
  if (entries.length === 0) return state;
  const next = currentIndex(state, entries) + 1;
  const wrapped = next >= entries.length;
  return { sceneId: entries[wrapped ? 0 : next]!.id, rotations: state.rotations + 1, cycles: state.cycles + (wrapped ? 1 : 0) };
}

export type WallAlert = AlertView;

/**
 * An alert that takes the wall over until a console acknowledges it: any unacknowledged
 * red alert, and a deadline about to be missed (or missed) whatever its colour. The list
 * comes red first, oldest first, so the first match is the one to show.
 */
export function interruptingAlerts(alerts: readonly WallAlert[]): WallAlert[] {
  return alerts.filter((a) => a.state === 'open' && (a.level === 'red' || a.kind === 'deadline_risk' || a.kind === 'deadline_missed'));
}
