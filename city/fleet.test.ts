import { describe, expect, it } from 'vitest';
import { siteSchema, vehicleSchema, type Site } from '../shared/domain';
import { createRng, generateFleet, policePlate } from './fleet';

const sites: Site[] = [
  { id: 'depot-central', kind: 'central', name: '中心物资库', nameEn: 'Central', address: 'x', lon: 11.98, lat: 57.71 },
  { id: 'depot-east', kind: 'regional', name: '东区区域库', nameEn: 'East', address: 'x', lon: 12.0, lat: 57.72 },
  { id: 'qp-01', kind: 'quickpick', name: '快取点01', nameEn: 'QP 01', address: 'x', lon: 11.97, lat: 57.7 },
].map((s) => siteSchema.parse(s));

describe('createRng', () => {
  it('is reproducible and stays in [0, 1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(createRng(1).next()).not.toBe(createRng(2).next());
  });
});

describe('generateFleet', () => {
  const fleet = generateFleet(120, sites);

  it('is deterministic and valid', () => {
    expect(generateFleet(120, sites)).toEqual(fleet);
    for (const v of fleet) expect(vehicleSchema.parse(v)).toEqual(v);
  });

  it('numbers vehicles 1..n with ids veh-001… and unique plates', () => {
    expect(fleet.map((v) => v.no)).toEqual([...Array(120).keys()].map((i) => i + 1));
    expect(fleet[0]?.id).toBe('veh-001');
    expect(fleet[119]?.id).toBe('veh-120');
    expect(new Set(fleet.map((v) => v.plate)).size).toBe(120);
    expect(fleet[0]?.plate).toMatch(/^粤[A-Z]·\d{4}警$/);
  });

  it('has the planned mix of kinds and statuses', () => {
    const count = (f: (v: (typeof fleet)[number]) => boolean) => fleet.filter(f).length;
    expect(count((v) => v.kind === 'van')).toBe(40);
    expect(count((v) => v.kind === 'truck')).toBe(12);
    expect(count((v) => v.kind === 'patrol')).toBe(50);
    expect(count((v) => v.kind === 'motorcycle')).toBe(18);
    expect(count((v) => v.status === 'available')).toBeGreaterThan(90);
    expect(count((v) => v.status === 'offline')).toBe(1);
    expect(count((v) => v.status === 'maintenance')).toBe(3);
    for (const s of ['enroute', 'atscene', 'returning'] as const) expect(count((v) => v.status === s)).toBeGreaterThan(0);
    expect(count((v) => v.kind === 'truck' && sites.find((s) => s.id === v.homeSiteId)?.kind === 'quickpick')).toBe(0);
    for (const v of fleet) expect(v.crew.length).toBeGreaterThanOrEqual(1);
  });

  it('bases no vehicle at a police station', () => {
    const withStations: Site[] = [...sites, ...[1, 2, 3].map((i) => ({ ...sites[0]!, id: `ps-${i}`, kind: 'station' as const, name: `派出所${i}`, nameEn: `Station ${i}` }))];
    const homes = new Set(generateFleet(400, withStations).map((v) => v.homeSiteId));
    expect([...homes].filter((h) => h.startsWith('ps-'))).toEqual([]);
    expect(homes.size).toBeGreaterThan(1);
  });

  it('scales to benchmark fleets with unique plates', () => {
    const big = generateFleet(12_000, sites);
    expect(big).toHaveLength(12_000);
    expect(new Set(big.map((v) => v.plate)).size).toBe(12_000);
    expect(policePlate(10_001)).toMatch(/^粤B·/);
  });
});
