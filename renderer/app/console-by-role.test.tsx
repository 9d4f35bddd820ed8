/**
 * The console by role, rendered without a browser (effects do not run): a role without
 * the board gets its one view and the board's parts are never mounted (so they never ask
 * for data); the top bar offers each role its own.
 */
import { describe, expect, it } from 'vitest';
import type { BoardClient } from '../api/board-client';
import { createVehicleFeed, type VehicleFeed } from '../map/vehicle-feed';
import { renderAs } from '../ui/testing/render-as';
import { App } from './App';
import { createTestHookSource } from './test-hook';

const calls: string[] = [];
const client = {
  call: (method: string) => {
    calls.push(method);
    return new Promise(() => {});
  },
  on: () => () => {},
  onPositions: () => () => {},
  onConnection: () => () => {},
  connection: () => 'open',
  stats: () => ({ invalidMessages: 0, invalidFrames: 0, failedCalls: 0 }),
  transportKind: 'fake',
  close: () => {},
} as unknown as BoardClient;

describe('the auditor’s console', () => {
  it('is the audit log alone: no map, no queue, no top-bar board state', () => {
    const html = renderAs('auditor', <App client={client} feed={{} as VehicleFeed} testHook={createTestHookSource()} />);
    expect(html).toContain('data-testid="alone-console" data-view="audit"');
    expect(html).toContain('data-testid="audit-panel"');
    for (const board of ['dispatch-queue', 'link-state', 'new-request', 'status-legend', 'open-kpi', 'alert-bell']) expect(html).not.toContain(`data-testid="${board}"`);
    expect(calls).toEqual([]);
  });
});

describe('the top bar by role', () => {
  const bar = (role: Parameters<typeof renderAs>[0]) => {
    const html = renderAs(role, <App client={client} feed={createVehicleFeed(16)} testHook={createTestHookSource()} />);
    expect(html).not.toContain('alone-console');
    return ['new-request', 'open-kpi', 'open-audit', 'open-users'].filter((id) => html.includes(`data-testid="${id}"`));
  };

  it('offers each role its actions and panels', () => {
    expect(bar('duty')).toEqual(['new-request', 'open-kpi']);
    expect(bar('supervisor')).toEqual(['new-request', 'open-kpi', 'open-audit']);
    expect(bar('wall')).toEqual(['open-kpi']);
    expect(bar('admin')).toEqual(['open-kpi', 'open-users']);
  });
});
