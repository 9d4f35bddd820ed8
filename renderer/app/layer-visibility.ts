import type { Site } from '../../shared/domain';
import type { LayerVisibility } from '../map/board-map';

// Coverage and heat are analysis views: off until asked for, so the live board stays uncluttered.
export const DEFAULT_VISIBILITY: LayerVisibility = { vehicles: true, depots: true, quickpicks: true, stations: true, labels: true, coverage: false, heat: false };

const LAYERS: readonly (keyof LayerVisibility)[] = ['vehicles', 'depots', 'quickpicks', 'stations', 'labels', 'coverage', 'heat'];

/** The layer switches this city needs, in order: police stations only where it has some. */
export function layersFor(sites: readonly Site[]): readonly (keyof LayerVisibility)[] {
  return sites.some((s) => s.kind === 'station') ? LAYERS : LAYERS.filter((l) => l !== 'stations');
}
const KEY = 'jingbao.layers';

/** Remembered per workstation; anything unreadable falls back to showing everything. */
export function loadVisibility(store: Pick<Storage, 'getItem'> | null = safeLocalStorage()): LayerVisibility {
  try {
    const raw: unknown = JSON.parse(store?.getItem(KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return DEFAULT_VISIBILITY;
    const out = { ...DEFAULT_VISIBILITY };
    for (const key of Object.keys(out) as (keyof LayerVisibility)[]) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'boolean') out[key] = value;
    }
    return out;
  } catch {
    return DEFAULT_VISIBILITY;
  }
}

export function saveVisibility(v: LayerVisibility, store: Pick<Storage, 'setItem'> | null = safeLocalStorage()): void {
  try {
    store?.setItem(KEY, JSON.stringify(v));
  } catch {
    // Storage full or disabled: the choice just isn't remembered.
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
