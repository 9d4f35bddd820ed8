import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron } from '../main/fake-electron';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('../main/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const posted: unknown[][] = [];
(globalThis as unknown as { postMessage: (...a: unknown[]) => void }).postMessage = (...a: unknown[]) => posted.push(a);
const { BOARD_PORT_CHANNEL } = await import('./index');

describe('preload', () => {
  it('exposes only a frozen shell marker', () => {
    expect(Object.keys(fake.current!.exposed)).toEqual(['jingbaoShell']);
    expect(fake.current!.exposed.jingbaoShell).toEqual({ kind: 'electron' });
    expect(Object.isFrozen(fake.current!.exposed.jingbaoShell)).toBe(true);
  });
  it('passes the backend port on to the page', () => {
    const port = { id: 'port' };
    fake.current!.ipcRenderer.emit(BOARD_PORT_CHANNEL, { ports: [port] });
    expect(posted).toEqual([[{ type: BOARD_PORT_CHANNEL }, '*', [port]]]);
  });
  it('ignores a message without a port', () => {
    fake.current!.ipcRenderer.emit(BOARD_PORT_CHANNEL, { ports: [] });
    expect(posted).toHaveLength(1);
  });
});
