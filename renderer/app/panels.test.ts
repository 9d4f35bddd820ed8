import { describe, expect, it } from 'vitest';
import type { Site, Vehicle } from '../../shared/domain';
import { DOCK_PANELS, dockPanel, OVERLAYS, SIDE_PANELS, sidePanel, type ShellData } from './panels';

const site: Site = { id: 'qp-03', kind: 'quickpick', name: '快取点03', nameEn: 'Quick-pick 03', address: '', lon: 11.98, lat: 57.69 };
const van: Vehicle = { id: 'v-007', no: 7, plate: '警A·0007', kind: 'van', status: 'available', crew: [], homeSiteId: 'qp-03', capacity: 40 };
const data: ShellData = { sites: [site], vehicles: [van], vehiclesById: new Map([[van.id, van]]), items: [] };

describe('panel registry', () => {
  it('names each panel and overlay once', () => {
    for (const list of [SIDE_PANELS, DOCK_PANELS, OVERLAYS]) {
      const ids = list.map((p) => p.id);
      expect(new Set(ids).size, ids.join()).toBe(ids.length);
    }
    expect(DOCK_PANELS.map((p) => p.id)).toEqual(['link', 'conflicts', 'alerts', 'kpi', 'reports', 'request', 'asset-scan', 'repairs', 'readiness', 'handover', 'duty-settings', 'users', 'site-new', 'cities', 'audit']);
    expect(dockPanel('kpi').id).toBe('kpi');
  });

  it('closes a side panel whose thing left the data, and tells the map what to highlight', () => {
    expect(sidePanel('site').exists('qp-03', data)).toBe(true);
    expect(sidePanel('site').exists('gone', data)).toBe(false);
    expect(sidePanel('vehicle').exists('v-007', data)).toBe(true);
    expect(sidePanel('vehicle').exists('v-999', data)).toBe(false);
    expect(sidePanel('site').mapSelection('qp-03', data)).toEqual({ kind: 'site', siteId: 'qp-03' });
    expect(sidePanel('vehicle').mapSelection('v-007', data)).toEqual({ kind: 'vehicle', vehicleNo: 7 });
    expect(sidePanel('vehicle').mapSelection('v-999', data)).toBeNull();
  });

  it('puts banners in the page flow and the rest over the map', () => {
    expect(OVERLAYS.filter((o) => o.slot === 'banner').map((o) => o.id)).toEqual(['outage', 'rewind']);
    expect(OVERLAYS.filter((o) => o.slot === 'stage').map((o) => o.id)).toEqual(['host-lost', 'pick-destination', 'site-pick', 'map-legend', 'coverage-legend', 'heat-legend']);
    expect(OVERLAYS.filter((o) => o.slot === 'modal').map((o) => o.id)).toEqual(['cancel']);
  });
});
