import { useEffect, useState } from 'react';
import { wallScale } from './wall-scale';

export type WallScreen = { width: number; scale: number };

const measure = (): WallScreen => ({ width: window.innerWidth, scale: wallScale(window.innerWidth, window.innerHeight) });

/** The window's width and the wall's scale, following resizes (a display change, a moved window). */
export function useWallScreen(): WallScreen {
  const [screen, setScreen] = useState(measure);
  useEffect(() => {
    const onResize = () => setScreen((was) => {
      const next = measure();
      return next.width === was.width && next.scale === was.scale ? was : next;
    });
    window.addEventListener('resize', onResize);
    onResize();
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return screen;
}

type WakeLockSentinelLike = { release(): Promise<void>; addEventListener(type: 'release', fn: () => void): void };
type WakeLockLike = { request(type: 'screen'): Promise<WakeLockSentinelLike> };

/**
 * Keeps the screen from sleeping while the wall shows (Screen Wake Lock; the Electron
 * wall window also blocks display sleep from the main process). The browser drops the
 * lock whenever the page is hidden, so it is asked for again when it is visible. Where
 * the API is missing or refused (plain http on a LAN is not a secure context) the wall
 * still works; the PC's power settings then decide.
 */
export function useScreenWakeLock(): void {
  useEffect(() => {
    const wakeLock = (navigator as Navigator & { wakeLock?: WakeLockLike }).wakeLock;
    if (!wakeLock) return;
    let disposed = false;
    let sentinel: WakeLockSentinelLike | null = null;
    const acquire = () => {
      if (disposed || sentinel || document.visibilityState !== 'visible') return;
      wakeLock.request('screen').then(
        (s) => {
          if (disposed) {
            void s.release();
            return;
          }
          sentinel = s;
          s.addEventListener('release', () => {
            if (sentinel === s) sentinel = null;
          });
        },
        () => {}, // refused: nothing more to do
      );
    };
    document.addEventListener('visibilitychange', acquire);
    acquire();
    return () => {
      disposed = true;
      document.removeEventListener('visibilitychange', acquire);
      void sentinel?.release().catch(() => {});
      sentinel = null;
    };
  }, []);
}
