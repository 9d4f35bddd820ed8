/**
 * deck.gl draws in a canvas of its own over the map's (MapLibreOverlay, not interleaved),
 * and its input library gives that canvas tabindex 0 with its outline removed: a Tab stop
 * with no name and no ring that does nothing (maplibre's canvas, under it, is the one that
 * pans and zooms by keyboard, and says what the map is). Call once deck has loaded.
 */
export function keepDeckCanvasOutOfTheWay(container: HTMLElement): void {
  for (const canvas of container.querySelectorAll<HTMLCanvasElement>('canvas:not(.maplibregl-canvas)')) {
    canvas.tabIndex = -1;
    // The picture is the map's; the map's canvas carries its name.
    canvas.setAttribute('aria-hidden', 'true');
  }
}
