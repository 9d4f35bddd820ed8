/**
 * Moving and placing a site, by the central's rules (the same the board's overlay runs):
 * the refusals, and the position stored. An in-memory table set stands for the database.
 */
import { describe, expect, it } from 'vitest';
import type { ApplyCtx, TableTx } from '../../commands/module';
import { createOverlay } from '../../replica/overlay';
import type { Site } from '../schema';
import { siteMove } from './site-move';
import { sitePlace } from './site-place';

const QP: Site = { id: 'qp-01', kind: 'quickpick', name: '快取点01', nameEn: 'Quick-pick 01', address: '', lon: 11.97, lat: 57.7 };
const DEPOT: Site = { id: 'depot-c', kind: 'central', name: '中心库', nameEn: 'Central depot', address: '', lon: 11.95, lat: 57.71 };
const CITY: ApplyCtx['area'] = [11.8, 57.6, 12.1, 57.8];

function tables(sites: Site[] = [QP, DEPOT]) {
  const rows = new Map<string, Site>(sites.map((s) => [s.id, s]));
  const tx: TableTx = {
    get: ((table: string, key: string) => (table === 'site' ? rows.get(key) : undefined)) as TableTx['get'],
    put: ((table: string, row: Site) => {
      if (table === 'site') rows.set(row.id, row);
    }) as TableTx['put'],
    where: () => [],
  };
  return { tx, rows };
}

describe('site.move', () => {
  it.each<[string, { siteId: string; lon: number; lat: number }, ApplyCtx, string]>([
    ['an unknown site', { siteId: 'qp-99', lon: 11.96, lat: 57.7 }, { at: 1 }, 'not_found'],
    ['a longitude that is not a number', { siteId: 'qp-01', lon: Number.NaN, lat: 57.7 }, { at: 1 }, 'bad_position'],
    ['an infinite latitude', { siteId: 'qp-01', lon: 11.96, lat: Number.POSITIVE_INFINITY }, { at: 1 }, 'bad_position'],
    ['a latitude beyond the pole', { siteId: 'qp-01', lon: 11.96, lat: 91 }, { at: 1 }, 'bad_position'],
    ['a longitude beyond ±180', { siteId: 'qp-01', lon: -180.5, lat: 57.7 }, { at: 1 }, 'bad_position'],
    ['lon and lat swapped, outside the city', { siteId: 'qp-01', lon: 57.7, lat: 11.96 }, { at: 1, area: CITY }, 'outside_city'],
  ])('refuses %s', (_what, payload, ctx, code) => {
    const { tx, rows } = tables();
    const r = siteMove.apply(tx, payload, ctx);
    expect(r).toMatchObject({ ok: false, code });
    expect(siteMove.refusals).toContain(code);
    expect(rows.get('qp-01')).toEqual(QP);
  });

  it('stores the new position and keeps everything else', () => {
    const { tx, rows } = tables();
    expect(siteMove.apply(tx, { siteId: 'qp-01', lon: 11.9612, lat: 57.6987 }, { at: 1, area: CITY })).toEqual({ ok: true });
    expect(rows.get('qp-01')).toEqual({ ...QP, lon: 11.9612, lat: 57.6987 });
    expect(rows.get('depot-c')).toEqual(DEPOT);
  });

  it('takes any WGS-84 position where the applier knows no city (a board’s view)', () => {
    const { tx, rows } = tables();
    expect(siteMove.apply(tx, { siteId: 'qp-01', lon: 120.1, lat: 30.2 }, { at: 1 }).ok).toBe(true);
    expect(rows.get('qp-01')).toMatchObject({ lon: 120.1, lat: 30.2 });
  });

  it('shows a queued move on the board’s view, and a refused one not at all', () => {
    const { tx } = tables();
    const overlay = createOverlay(tx);
    overlay.apply([
      { type: 'site.move', payload: { siteId: 'qp-01', lon: 11.9612, lat: 57.6987 }, issuedAt: 1 },
      { type: 'site.move', payload: { siteId: 'qp-99', lon: 11.9, lat: 57.6 }, issuedAt: 2 },
    ]);
    expect(overlay.rows('site', [QP, DEPOT])).toEqual([{ ...QP, lon: 11.9612, lat: 57.6987 }, DEPOT]);
  });
});

describe('site.place', () => {
  const NEW = { siteId: 'qp-21', kind: 'quickpick' as const, name: '快取点21', nameEn: 'Quick-pick 21', address: '林奈街 3 号', lon: 11.955, lat: 57.702 };

  it.each<[string, typeof NEW, ApplyCtx, string]>([
    ['an id already taken', { ...NEW, siteId: 'depot-c' }, { at: 1 }, 'duplicate'],
    ['a position that is not a number', { ...NEW, lon: Number.NaN }, { at: 1 }, 'bad_position'],
    ['a position outside the city', { ...NEW, lon: 12.5 }, { at: 1, area: CITY }, 'outside_city'],
  ])('refuses %s', (_what, payload, ctx, code) => {
    const { tx, rows } = tables();
    expect(sitePlace.apply(tx, payload, ctx)).toMatchObject({ ok: false, code });
    expect(sitePlace.refusals).toContain(code);
    expect(rows.get('depot-c')).toEqual(DEPOT);
    expect(rows.has('qp-21')).toBe(false);
  });

  it('stores the new site where it was put', () => {
    const { tx, rows } = tables();
    expect(sitePlace.apply(tx, NEW, { at: 1, area: CITY })).toEqual({ ok: true });
    expect(rows.get('qp-21')).toEqual({ id: 'qp-21', kind: 'quickpick', name: '快取点21', nameEn: 'Quick-pick 21', address: '林奈街 3 号', lon: 11.955, lat: 57.702 });
  });

  it('places each kind, a depot central or regional included', () => {
    for (const kind of ['central', 'regional', 'quickpick', 'station'] as const) {
      const { tx, rows } = tables();
      expect(sitePlace.apply(tx, { ...NEW, kind }, { at: 1 }).ok).toBe(true);
      expect(rows.get('qp-21')?.kind).toBe(kind);
    }
  });

  it('takes only a real position and a site kind it knows (its schema)', () => {
    expect(sitePlace.payload.safeParse({ ...NEW, lat: 95 }).success).toBe(false);
    expect(sitePlace.payload.safeParse({ ...NEW, kind: 'warehouse' }).success).toBe(false);
    expect(siteMove.payload.safeParse({ siteId: 'qp-01', lon: 181, lat: 0 }).success).toBe(false);
  });
});
