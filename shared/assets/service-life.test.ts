import { describe, expect, it } from 'vitest';
import { DEMO_NOW, generateDemoLedger } from './demo-data';
import type { Asset, AssetType } from './schema';
import { addMonths, expiryCounts, serviceLifeDue } from './service-life';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 1);
const types: AssetType[] = [
  { id: 'helmet-fb-2', class: 'helmet', name: '防暴头盔', nameEn: 'Riot helmet', serviceLifeMonths: 60, ratedCycles: null },
  { id: 'vest-fc-3', class: 'stab_vest', name: '防刺背心', nameEn: 'Stab vest', serviceLifeMonths: 60, ratedCycles: null },
  { id: 'bodycam-dsj-v7', class: 'bodycam', name: '执法记录仪', nameEn: 'Body camera', serviceLifeMonths: null, ratedCycles: null },
];
let n = 0;
const item = (typeId: string, acceptedAt: number | null, state: Asset['state'] = 'stored'): Asset => ({
  id: `i-${String(++n).padStart(5, '0')}`, typeId, serial: `S${n}`, qr: `JB-I${String(n).padStart(6, '0')}`, epc: null, state, siteId: 'depot-central', holder: null, since: 0, procuredAt: 0, acceptedAt, cycles: null, pendingRequestId: null,
});

describe('service life: listed for scrapping before it expires', () => {
  it('calendar months, clamped to the month end', () => {
    expect(addMonths(Date.UTC(2024, 0, 31), 1)).toBe(Date.UTC(2024, 1, 29));
    expect(addMonths(Date.UTC(2021, 11, 1), 60)).toBe(Date.UTC(2026, 11, 1));
  });
  it("the division's year: 1,980 helmets and 732 stab vests past their life are all listed, with those expiring within 90 days", () => {
    const expired = (k: number, typeId: string) => Array.from({ length: k }, (_, i) => item(typeId, addMonths(now - (1 + (i % 300)) * DAY, -60)));
    const assets = [
      ...expired(1980, 'helmet-fb-2'),
      ...expired(732, 'vest-fc-3'),
      ...Array.from({ length: 100 }, (_, i) => item('helmet-fb-2', addMonths(now + (i % 90) * DAY + 1, -60))), // expiring within 90 days
      item('helmet-fb-2', addMonths(now + 91 * DAY, -60)), // outside the horizon
      item('helmet-fb-2', addMonths(now - 10 * DAY, -60), 'scrapped'), // already scrapped
      item('helmet-fb-2', null, 'procured'),
      item('bodycam-dsj-v7', 0), // no service life
    ];
    const r = serviceLifeDue(assets, types, now);
    expect(r.byClass).toEqual({ helmet: { expired: 1980, expiring: 100 }, stab_vest: { expired: 732, expiring: 0 } });
    expect(r.entries).toHaveLength(2812);
    expect(r.entries[0]!.daysLeft).toBe(-300);
    expect(r.entries.at(-1)!.status).toBe('expiring');
    const at = r.entries.map((e) => e.expiresAt);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });
  it('an item out with an officer is listed, marked to come back first; the horizon is a parameter', () => {
    const out = item('vest-fc-3', addMonths(now + 20 * DAY, -60), 'allocated');
    expect(serviceLifeDue([out], types, now).entries[0]).toMatchObject({ status: 'expiring', out: true, daysLeft: 20 });
    expect(serviceLifeDue([out], types, now, 14).entries).toHaveLength(0);
  });
  it('the demo ledger has helmets and vests to scrap', () => {
    const l = generateDemoLedger({ events: false });
    const r = serviceLifeDue(l.assets, l.types, DEMO_NOW);
    expect(r.byClass.helmet!.expired + r.byClass.helmet!.expiring).toBeGreaterThan(100);
    expect(r.byClass.stab_vest!.expiring).toBeGreaterThan(50);
  });
});

describe('service life: the counts the readiness view shows', () => {
  it('per type and per site (no site last), and in all', () => {
    const e = (typeId: string, siteId: string | null, status: 'expired' | 'expiring') => ({ typeId, siteId, status });
    expect(expiryCounts([e('vest', 's2', 'expiring'), e('helmet', 's1', 'expired'), e('helmet', null, 'expired'), e('helmet', 's2', 'expiring')])).toEqual({
      total: { expired: 2, expiring: 2 },
      byType: [{ typeId: 'helmet', expired: 2, expiring: 1 }, { typeId: 'vest', expired: 0, expiring: 1 }],
      bySite: [{ siteId: 's1', expired: 1, expiring: 0 }, { siteId: 's2', expired: 0, expiring: 2 }, { siteId: null, expired: 1, expiring: 0 }],
    });
    expect(expiryCounts([])).toEqual({ total: { expired: 0, expiring: 0 }, byType: [], bySite: [] });
  });
});
