import { describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from '../main/testing/fake-electron';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('../main/testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const posted: unknown[][] = [];
const listeners: ((e: { source: unknown; data: unknown }) => void)[] = [];
Object.assign(globalThis, {
  postMessage: (...a: unknown[]) => posted.push(a),
  addEventListener: (_type: string, l: (e: { source: unknown; data: unknown }) => void) => listeners.push(l),
});
const { BOARD_PORT_CHANNEL, BOARD_PORT_REQUEST } = await import('./index');
const pageSays = (data: unknown, source: unknown = globalThis) => listeners.forEach((l) => l({ source, data }));

describe('preload', () => {
  it('exposes only a frozen shell marker, and the path of a file the page was given', () => {
    expect(Object.keys(fake.current!.exposed)).toEqual(['jingbaoShell']);
    const shell = fake.current!.exposed.jingbaoShell as { kind: string; pathForFile(file: unknown): string };
    expect(Object.keys(shell)).toEqual(['kind', 'pathForFile']);
    expect(shell.kind).toBe('electron');
    expect(Object.isFrozen(shell)).toBe(true);
    // Through Electron's webUtils, for a File object only: nothing else of it is exposed.
    expect(shell.pathForFile({ path: '/home/officer/monaco.osm.pbf' })).toBe('/home/officer/monaco.osm.pbf');
    expect(fake.current!.module.webUtils.getPathForFile).toHaveBeenCalledTimes(1);
  });

  it('holds a port that arrives before the page listens, and hands it over when asked', () => {
    const port = { id: 'early' };
    fake.current!.ipcRenderer.emit(BOARD_PORT_CHANNEL, { ports: [port] });
    expect(posted).toHaveLength(0);
    pageSays({ type: 'something-else' });
    pageSays({ type: BOARD_PORT_REQUEST }, { notTheWindow: true });
    expect(posted).toHaveLength(0);
    pageSays({ type: BOARD_PORT_REQUEST });
    expect(posted).toEqual([[{ type: BOARD_PORT_CHANNEL }, '*', [port]]]);
  });

  it('passes later ports (a restarted backend) straight on, and ignores a message without one', () => {
    const port = { id: 'after-restart' };
    fake.current!.ipcRenderer.emit(BOARD_PORT_CHANNEL, { ports: [port] });
    expect(posted.at(-1)).toEqual([{ type: BOARD_PORT_CHANNEL }, '*', [port]]);
    fake.current!.ipcRenderer.emit(BOARD_PORT_CHANNEL, { ports: [] });
    expect(posted).toHaveLength(2);
  });
});
