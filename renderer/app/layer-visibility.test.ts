import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { DEFAULT_VISIBILITY, layersFor, loadVisibility, saveVisibility } from './layer-visibility';

describe('layer visibility', () => {
  it('round-trips through storage', () => {
    const m = new Map<string, string>();
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    saveVisibility({ ...DEFAULT_VISIBILITY, labels: false }, store);
    expect(loadVisibility(store)).toEqual({ vehicles: true, depots: true, quickpicks: true, stations: true, labels: false, coverage: false, heat: false });
  });

  it('shows police stations to a workstation that saved its choice before stations existed', () => {
    const saved = JSON.stringify({ vehicles: true, depots: false, quickpicks: true, labels: true, coverage: true, heat: false });
    expect(loadVisibility({ getItem: () => saved })).toEqual({ ...DEFAULT_VISIBILITY, depots: false, coverage: true, stations: true });
  });

  it('offers the stations switch only in a city that has stations', () => {
    const site = (kind: Site['kind']): Site => ({ id: kind, kind, name: kind, nameEn: kind, address: '', lon: 0, lat: 0 });
    expect(layersFor([site('central'), site('quickpick')])).toEqual(['vehicles', 'depots', 'quickpicks', 'labels', 'coverage', 'heat']);
    expect(layersFor([site('central'), site('station')])).toEqual(['vehicles', 'depots', 'quickpicks', 'stations', 'labels', 'coverage', 'heat']);
  });

  it('falls back to everything visible on junk', () => {
    expect(loadVisibility({ getItem: () => '{nope' })).toEqual(DEFAULT_VISIBILITY);
    expect(loadVisibility({ getItem: () => '{"vehicles":"no","depots":false}' })).toEqual({ ...DEFAULT_VISIBILITY, depots: false });
    expect(loadVisibility(null)).toEqual(DEFAULT_VISIBILITY);
  });
});
