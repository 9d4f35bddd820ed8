import { describe, expect, it } from 'vitest';
import { DEFAULT_VISIBILITY, loadVisibility, saveVisibility } from './layer-visibility';

describe('layer visibility', () => {
  it('round-trips through storage', () => {
    const m = new Map<string, string>();
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    saveVisibility({ ...DEFAULT_VISIBILITY, labels: false }, store);
    expect(loadVisibility(store)).toEqual({ vehicles: true, depots: true, quickpicks: true, labels: false, coverage: false, heat: false });
  });

  it('falls back to everything visible on junk', () => {
    expect(loadVisibility({ getItem: () => '{nope' })).toEqual(DEFAULT_VISIBILITY);
    expect(loadVisibility({ getItem: () => '{"vehicles":"no","depots":false}' })).toEqual({ ...DEFAULT_VISIBILITY, depots: false });
    expect(loadVisibility(null)).toEqual(DEFAULT_VISIBILITY);
  });
});
