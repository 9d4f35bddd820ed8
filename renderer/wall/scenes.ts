import type { WallSchedule } from '../../shared/board-api';

/**
 * The wall's scenes, as data: shared by the Electron wall window and the browser host's
 * `/wall` (both render WallView). A scene is one entry here, its panel (WallPanels.tsx) and
 * its name in the wall's words.
 */

/** How the one map is framed while a scene shows. */
export type SceneCamera =
  /** The whole city. */
  | 'city'
  /** Every active dispatch route (the city when there is none). */
  | 'routes'
  /** Where the alerts are (the city when there is none). */
  | 'alerts';

/** Which side of the screen the scene's panel takes; the camera leaves that side free. */
export type ScenePanel = 'bottom' | 'right';

export type WallSceneDef = {
  id: string;
  /** Seconds on screen unless the officer's schedule says otherwise. */
  defaultDurationS: number;
  camera: SceneCamera;
  panel: ScenePanel;
};

export const WALL_SCENES = [
  { id: 'overview', defaultDurationS: 30, camera: 'city', panel: 'right' },
  { id: 'dispatches', defaultDurationS: 30, camera: 'routes', panel: 'right' },
  { id: 'alerts', defaultDurationS: 20, camera: 'alerts', panel: 'right' },
  { id: 'link', defaultDurationS: 15, camera: 'city', panel: 'right' },
  // 装备完好率: the readiness ledger's figures against the division's targets.
  { id: 'readiness', defaultDurationS: 20, camera: 'city', panel: 'right' },
] as const satisfies readonly WallSceneDef[];

export type WallSceneId = (typeof WALL_SCENES)[number]['id'];

/** One step of the rotation as it will run. */
export type ScheduledScene = { id: WallSceneId; durationMs: number; def: WallSceneDef };

/** Bounds of `wallScheduleSchema`: the console's editor keeps to them. */
export const SCENE_DURATION_MIN_S = 5;
export const SCENE_DURATION_MAX_S = 3600;

/** A test/demo speed-up (`?speed=`): never so fast that the map cannot follow. */
export const MAX_SPEED = 100;

export function isWallSceneId(id: string): id is WallSceneId {
  return WALL_SCENES.some((s) => s.id === id);
}

export function sceneDef(id: WallSceneId): WallSceneDef {
  return WALL_SCENES.find((s) => s.id === id)!;
}

/** The schedule an officer starts from: every scene, default order and durations. */
export function defaultSchedule(): WallSchedule {
  return { scenes: WALL_SCENES.map((s) => ({ id: s.id, enabled: true, durationS: s.defaultDurationS })) };
}

/**
 * The rotation to run: the officer's order, switches and durations where a schedule is
 * set, the defaults otherwise. Ids this build does not know (a newer console) are
 * skipped; scenes the schedule does not name (added since it was saved) run with their
 * defaults at the end, since nobody switched them off. Never empty: a wall with every
 * scene switched off still shows the overview rather than a blank screen.
 */
export function resolveSchedule(schedule: WallSchedule | null, speed = 1): ScheduledScene[] {
  const factor = Math.min(MAX_SPEED, Math.max(1, Number.isFinite(speed) ? speed : 1));
  const entry = (id: WallSceneId, durationS: number): ScheduledScene => ({ id, durationMs: Math.round((durationS * 1000) / factor), def: sceneDef(id) });
  const out: ScheduledScene[] = [];
  const named = new Set<string>();
  for (const s of schedule?.scenes ?? []) {
    if (!isWallSceneId(s.id) || named.has(s.id)) continue;
    named.add(s.id);
    if (s.enabled) out.push(entry(s.id, s.durationS));
  }
  for (const s of WALL_SCENES) {
    if (!named.has(s.id)) out.push(entry(s.id, s.defaultDurationS));
  }
  return out.length > 0 ? out : [entry('overview', WALL_SCENES[0].defaultDurationS)];
}

/**
 * The schedule an editor shows: every known scene once, in the saved order, with
 * unknown ids dropped and new scenes appended (enabled, default duration).
 */
export function editableSchedule(schedule: WallSchedule | null): WallSchedule['scenes'] {
  const out: WallSchedule['scenes'] = [];
  const named = new Set<string>();
  for (const s of schedule?.scenes ?? []) {
    if (!isWallSceneId(s.id) || named.has(s.id)) continue;
    named.add(s.id);
    out.push({ id: s.id, enabled: s.enabled, durationS: clampDuration(s.durationS) });
  }
  for (const s of WALL_SCENES) if (!named.has(s.id)) out.push({ id: s.id, enabled: true, durationS: s.defaultDurationS });
  return out;
}

export function clampDuration(seconds: number): number {
  if (!Number.isFinite(seconds)) return SCENE_DURATION_MIN_S;
  return Math.min(SCENE_DURATION_MAX_S, Math.max(SCENE_DURATION_MIN_S, Math.round(seconds)));
}

/** `?speed=20` from the page URL (tests, demos); 1 otherwise. */
export function speedFromSearch(search: string): number {
  const raw = new URLSearchParams(search).get('speed');
  const n = raw === null ? 1 : Number(raw);
  return Number.isFinite(n) && n >= 1 ? Math.min(MAX_SPEED, n) : 1;
}

/** The wall route, on the browser host (`/wall`) and in the Electron wall window (app://board/wall). */
export function isWallPath(pathname: string): boolean {
  return pathname === '/wall' || pathname === '/wall/';
}
