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
  it('exposes only a frozen shell marker', () => {
    expect(Object.keys(fake.current!.exposed)).toEqual(['jingbaoShell']);
    expect(fake.current!.exposed.jingbaoShell).toEqual({ kind: 'electron' });
    expect(Object.isFrozen(fake.current!.exposed.jingbaoShell)).toBe(true);
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
