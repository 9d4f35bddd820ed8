import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../shared/auth/roles';
import { allBoardMethods } from '../../shared/board-api';
import { DOCK_PANELS, SIDE_PANELS } from './panels';
import { viewsFor, type ConsoleViews } from './views';

const views = (role: Role) => viewsFor(ROLE_PERMISSIONS[role]);

describe('viewsFor', () => {
  it.each<[Role, ConsoleViews]>([
    [
      'duty',
      { board: true, alone: null, sidePanels: ['site', 'vehicle', 'asset'], dockPanels: ['link', 'conflicts', 'alerts', 'kpi', 'reports', 'request', 'asset-scan', 'repairs', 'readiness', 'handover'], dispatch: true, wallSchedule: false, baseMapSource: false, idleLock: 'read' },
    ],
    [
      'supervisor',
      { board: true, alone: null, sidePanels: ['site', 'vehicle', 'asset'], dockPanels: ['link', 'conflicts', 'alerts', 'kpi', 'reports', 'request', 'asset-scan', 'repairs', 'readiness', 'handover', 'duty-settings', 'audit'], dispatch: true, wallSchedule: true, baseMapSource: true, idleLock: 'edit' },
    ],
    ['wall', { board: true, alone: null, sidePanels: ['site', 'vehicle', 'asset'], dockPanels: ['link', 'conflicts', 'alerts', 'kpi', 'reports', 'asset-scan', 'repairs', 'readiness', 'handover'], dispatch: false, wallSchedule: false, baseMapSource: false, idleLock: 'read' }],
    ['admin', { board: true, alone: null, sidePanels: ['site', 'vehicle', 'asset'], dockPanels: ['link', 'conflicts', 'alerts', 'kpi', 'reports', 'asset-scan', 'repairs', 'readiness', 'handover', 'duty-settings', 'users', 'site-new', 'cities'], dispatch: false, wallSchedule: false, baseMapSource: true, idleLock: 'edit' }],
    // The auditor reads the audit log only: no board, so no board call is ever made for them.
    ['auditor', { board: false, alone: 'audit', sidePanels: [], dockPanels: ['audit'], dispatch: false, wallSchedule: false, baseMapSource: false, idleLock: 'read' }],
  ])('%s', (role, expected) => {
    expect(views(role)).toEqual(expected);
  });

  it('shows nothing to nobody', () => {
    expect(viewsFor([])).toEqual({ board: false, alone: null, sidePanels: [], dockPanels: [], dispatch: false, wallSchedule: false, baseMapSource: false, idleLock: 'read' });
  });

  it('offers a panel only to a role that may call what it reads', () => {
    // Every panel declares permissions; the board's own read is among them for every board panel.
    for (const p of [...SIDE_PANELS, ...DOCK_PANELS]) expect(p.permissions.length, p.id).toBeGreaterThan(0);
    const reads: Record<string, keyof typeof allBoardMethods> = { users: 'user.list', audit: 'audit.list', kpi: 'kpi.report', reports: 'report.figures', link: 'link.health', conflicts: 'conflict.list', alerts: 'alert.list', request: 'dispatch.plan', 'asset-scan': 'asset.find', repairs: 'repairs.list', readiness: 'readiness.summary', handover: 'handover.draft', 'duty-settings': 'duty.settings' };
    for (const role of ROLES) {
      for (const id of views(role).dockPanels) {
        const method = reads[id];
        if (method) expect(ROLE_PERMISSIONS[role], `${role} ${id} → ${method}`).toContain(allBoardMethods[method].permission);
      }
    }
  });
});
