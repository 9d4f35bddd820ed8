import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { checkNewSite, EMPTY_NEW_SITE, insideBounds, previewSites, siteCommandOf } from './site-pick';

const QP: Site = { id: 'qp-01', kind: 'quickpick', name: '快取点01', nameEn: 'Quick-pick 01', address: '', lon: 11.97, lat: 57.7 };
const DEPOT: Site = { id: 'depot-c', kind: 'central', name: '中心库', nameEn: 'Central depot', address: '', lon: 11.95, lat: 57.71 };

describe('placing and moving a site on the map', () => {
  it('draws the site at the position clicked, and nothing changes before a click', () => {
    const sites = [QP, DEPOT];
    expect(previewSites(sites, { kind: 'move', site: QP }, null)).toBe(sites);
    expect(previewSites(sites, { kind: 'move', site: QP }, { lon: 11.96, lat: 57.69 })).toEqual([{ ...QP, lon: 11.96, lat: 57.69 }, DEPOT]);
    const { lon: _lon, lat: _lat, ...fresh } = { ...QP, id: 'qp-21' };
    expect(previewSites(sites, { kind: 'place', site: fresh }, { lon: 11.9, lat: 57.6 })).toEqual([QP, DEPOT, { ...fresh, lon: 11.9, lat: 57.6 }]);
  });

  it('sends the move or the new site, to about 10 cm', () => {
    expect(siteCommandOf({ kind: 'move', site: QP }, { lon: 11.961234567, lat: 57.698765432 })).toEqual({ method: 'site.move', arg: { siteId: 'qp-01', lon: 11.961235, lat: 57.698765 } });
    const { lon: _lon, lat: _lat, ...fresh } = DEPOT;
    expect(siteCommandOf({ kind: 'place', site: fresh }, { lon: 11.9, lat: 57.6 })).toEqual({
      method: 'site.place',
      arg: { siteId: 'depot-c', kind: 'central', name: '中心库', nameEn: 'Central depot', address: '', lon: 11.9, lat: 57.6 },
    });
  });

  it('knows the base map’s bounds', () => {
    expect(insideBounds({ lon: 11.9, lat: 57.7 }, [11.8, 57.6, 12.1, 57.8])).toBe(true);
    expect(insideBounds({ lon: 57.7, lat: 11.9 }, [11.8, 57.6, 12.1, 57.8])).toBe(false);
  });

  it.each([
    [{ ...EMPTY_NEW_SITE, name: '新点', kind: 'quickpick' as const }, 'idEmpty'],
    [{ ...EMPTY_NEW_SITE, id: 'qp 21', name: '新点', kind: 'quickpick' as const }, 'idChars'],
    [{ ...EMPTY_NEW_SITE, id: 'qp-01', name: '新点', kind: 'quickpick' as const }, 'idTaken'],
    [{ ...EMPTY_NEW_SITE, id: 'qp-21', name: '  ', kind: 'quickpick' as const }, 'nameEmpty'],
    [{ ...EMPTY_NEW_SITE, id: 'qp-21', name: '新点' }, 'kindEmpty'],
    [{ ...EMPTY_NEW_SITE, id: 'qp-21', name: '新点', kind: 'station' as const, address: 'x'.repeat(201) }, 'tooLong'],
  ])('refuses a new site before the map: %o → %s', (draft, problem) => {
    expect(checkNewSite(draft, new Set(['qp-01']))).toEqual({ ok: false, problem });
  });

  it('takes a new site, its English name the Chinese one when left empty', () => {
    expect(checkNewSite({ id: ' qp-21 ', name: ' 快取点21 ', nameEn: '', kind: 'regional', address: '' }, new Set(['qp-01']))).toEqual({
      ok: true,
      site: { id: 'qp-21', kind: 'regional', name: '快取点21', nameEn: '快取点21', address: '' },
    });
  });
});
