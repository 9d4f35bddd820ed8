import type { Permission } from '../../shared/permissions';
import { DOCK_PANELS, SIDE_PANELS, type DockPanelId, type SidePanelId } from './panels';

/**
 * What the console shows a signed-in role: which areas, panels and actions. Pure, from the
 * session's permissions (auth.status), so the shell asks for nothing the role may not read:
 * without 'board.read' (the auditor) it makes no board call at all, rather than a stream of
 * refusals. The backend checks every call anyway; this is what is offered, not what is
 * allowed.
 */
export type ConsoleViews = {
  /**
   * The board: map, vehicles, sites, the dispatch queue, alerts, the link state, and the
   * calls that feed them (snapshot, positions, requests, coverage, tiles).
   */
  board: boolean;
  /** Without the board, the one view the console shows in its place (the auditor's audit log); null: none. */
  alone: 'audit' | null;
  /** Side panels that may open (selecting on the map, the palette). */
  sidePanels: readonly SidePanelId[];
  /** Dock panels offered (top bar, palette), in the registry's order. */
  dockPanels: readonly DockPanelId[];
  /** Recording and dispatching requests: 新建需求, the N key, cancelling from the palette. */
  dispatch: boolean;
  /** The wall's rotation editor in the settings. */
  wallSchedule: boolean;
  /** The base map's source (an offline package, the department's XYZ/WMTS service) in the settings. */
  baseMapSource: boolean;
  /** The idle lock time in the settings: changed here, or only shown. */
  idleLock: 'edit' | 'read';
};

export function viewsFor(permissions: readonly Permission[]): ConsoleViews {
  const has = (p: Permission) => permissions.includes(p);
  const all = (ps: readonly Permission[]) => ps.every(has);
  const board = has('board.read');
  return {
    board,
    alone: !board && has('audit.read') ? 'audit' : null,
    sidePanels: SIDE_PANELS.filter((p) => all(p.permissions)).map((p) => p.id),
    dockPanels: DOCK_PANELS.filter((p) => all(p.permissions)).map((p) => p.id),
    dispatch: board && has('dispatch.write'),
    wallSchedule: board && has('wall.write'),
    baseMapSource: board && has('settings.write'),
    idleLock: has('settings.write') ? 'edit' : 'read',
  };
}
