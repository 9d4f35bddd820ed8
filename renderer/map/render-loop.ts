import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Coalesces redraw requests to one per animation frame (the console map and the wall map:
 * position frames arrive faster than the screen is worth redrawing).
 */
export function createFrameScheduler(render: () => void) {
  let frame = 0;
  let stopped = false;
  return {
    schedule() {
      if (frame || stopped) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        render();
      });
    },
    stop() {
      stopped = true;
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}

/** Tile errors repeat for every tile while the backend is away: log them once in a while. */
export function logMapErrors(map: MapLibreMap, label: string, everyMs = 10_000): void {
  let last = 0;
  map.on('error', (event) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    console.warn(label, event.error?.message ?? event);
  });
}
