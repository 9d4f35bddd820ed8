import type { Site } from '../../shared/domain';

/**
 * The first view and "reset view" (复位视图) show every site, in the part of the map no
 * panel covers, with room for the names around the markers. The panels over the map (side
 * panel, docked panel, keys, the map's own controls) mark themselves `data-map-obstacle`;
 * each pads the side of the map it stands against.
 */

export type Padding = { top: number; right: number; bottom: number; left: number };
export type Rect = { left: number; top: number; right: number; bottom: number };

/** Room for the names around the outermost markers (a name sits beside or under its marker). */
export const FRAME_MARGIN: Padding = { top: 40, right: 90, bottom: 44, left: 90 };

/** What marks an element as covering the map, and maplibre's own control corners. */
export const MAP_OBSTACLE_SELECTOR = '[data-map-obstacle], .maplibregl-ctrl-bottom-left, .maplibregl-ctrl-bottom-right, .maplibregl-ctrl-top-left, .maplibregl-ctrl-top-right';

const GAP = 8;

/**
 * Padding per side so that nothing the obstacles cover is used: a band along an edge pads
 * that edge; a box in a corner pads the side that gives up the smaller share of the map.
 */
export function paddingAround(map: Rect, obstacles: readonly Rect[], margin: Padding = FRAME_MARGIN): Padding {
  const pad = { top: 0, right: 0, bottom: 0, left: 0 };
  const w = map.right - map.left;
  const h = map.bottom - map.top;
  for (const o of obstacles) {
    const r = { left: Math.max(o.left, map.left), top: Math.max(o.top, map.top), right: Math.min(o.right, map.right), bottom: Math.min(o.bottom, map.bottom) };
    if (r.right - r.left < 1 || r.bottom - r.top < 1) continue;
    const fromLeft = r.right - map.left + GAP;
    const fromRight = map.right - r.left + GAP;
    const fromTop = r.bottom - map.top + GAP;
    const fromBottom = map.bottom - r.top + GAP;
    const horizontal = Math.min(fromLeft, fromRight);
    const vertical = Math.min(fromTop, fromBottom);
    if (horizontal / w <= vertical / h) {
      if (fromLeft <= fromRight) pad.left = Math.max(pad.left, fromLeft);
      else pad.right = Math.max(pad.right, fromRight);
    } else if (fromTop <= fromBottom) pad.top = Math.max(pad.top, fromTop);
    else pad.bottom = Math.max(pad.bottom, fromBottom);
  }
  return {
    top: Math.round(Math.max(pad.top + GAP, margin.top)),
    right: Math.round(Math.max(pad.right + GAP, margin.right)),
    bottom: Math.round(Math.max(pad.bottom + GAP, margin.bottom)),
    left: Math.round(Math.max(pad.left + GAP, margin.left)),
  };
}

/** [west, south, east, north] around the sites; null without any. */
/**
 * The sites the camera frames: those on the base map. Sites come from the central, configured
 * apart from the workstation's city; after a switch to a city they lie outside, framing them
 * would show an empty map, so the board frames the city itself (its own centre) instead.
 */
export function sitesOnMap<T extends Pick<Site, 'lon' | 'lat'>>(sites: readonly T[], [w, s, e, n]: readonly [number, number, number, number]): T[] {
  return sites.filter((p) => p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n);
}

export function sitesBounds(sites: readonly Pick<Site, 'lon' | 'lat'>[]): [number, number, number, number] | null {
  if (sites.length === 0) return null;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of sites) {
    w = Math.min(w, p.lon);
    s = Math.min(s, p.lat);
    e = Math.max(e, p.lon);
    n = Math.max(n, p.lat);
  }
  return [w, s, e, n];
}

/** The rectangles of everything over the map, in viewport pixels (DOM). */
export function mapObstacles(container: HTMLElement): Rect[] {
  const stage = container.parentElement ?? container;
  const out: Rect[] = [];
  for (const el of stage.querySelectorAll<HTMLElement>(MAP_OBSTACLE_SELECTOR)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) out.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  }
  return out;
}

/** Whether padding leaves the map at least this much room (maplibre refuses a fit otherwise). */
export function roomLeft(width: number, height: number, p: Padding, min = 120): boolean {
  return width - p.left - p.right >= min && height - p.top - p.bottom >= min;
}
