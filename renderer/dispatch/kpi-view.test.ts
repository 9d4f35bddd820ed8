import { describe, expect, it } from 'vitest';
import type { KpiReport } from '../../shared/board-api';
import type { ItemType, Site } from '../../shared/domain';
import { placeNamer } from '../format/place';
import { formatTimestamp } from '../format/timestamp';
import { createI18n, type Language } from '../i18n';
import { formatShare, kpiCsv, kpiExportRecord, kpiFileName, movedByUnit } from './kpi-view';

const items: ItemType[] = [
  { id: 'life-jacket', name: '救生衣', nameEn: 'Life jacket', unit: '件', unitEn: 'pcs', category: 'equipment' },
  { id: 'n95-mask', name: 'N95口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs', category: 'consumable' },
  { id: 'protective-suit', name: '防护服', nameEn: 'Protective suit', unit: '套', unitEn: 'sets', category: 'consumable' },
];
const sites: Site[] = [{ id: 'qp-06', kind: 'quickpick', name: '快取点06·林奈广场', nameEn: 'Quick-pick 06 · Linnéplatsen', address: 'Linnégatan', lon: 11.9525, lat: 57.6925 }];
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** 2026-12-02 14:05:00 in Beijing (UTC+8). */
const T = Date.UTC(2026, 11, 2, 6, 5, 0);

const report: KpiReport = {
  period: 'day',
  from: T - 3600_000,
  to: T + 3600_000,
  requests: 2,
  dispatches: 3,
  delivered: 2,
  avgRequestToArrivalS: 1500,
  p90RequestToArrivalS: 1800,
  onTimeShare: 0.5,
  moved: [
    { itemId: 'life-jacket', quantity: 60 },
    { itemId: 'n95-mask', quantity: 5000 },
    { itemId: 'protective-suit', quantity: 200 },
  ],
  rows: [
    { requestId: U(1), createdAt: T, deliveredAt: T + 1200_000, durationS: 1200.4, onTime: true, priority: 'red', destination: '快取点06·林奈广场', moved: [{ itemId: 'life-jacket', quantity: 60 }], vehicles: 1 },
    {
      requestId: U(2),
      createdAt: T + 60_000,
      deliveredAt: T + 60_000 + 1800_000 + 500,
      durationS: 1800.5,
      onTime: false,
      priority: 'yellow',
      destination: '=HYPERLINK("x"), "东门"',
      moved: [{ itemId: 'n95-mask', quantity: 5000 }, { itemId: 'protective-suit', quantity: 200 }],
      vehicles: 2,
    },
  ],
};

const csvIn = (language: Language, timeZone: string) => {
  const i18n = createI18n(language);
  return kpiCsv(report, { t: i18n.t, language, items, place: placeNamer(i18n.t, language, sites), timeZone });
};

describe('the KPI CSV', () => {
  it('is written in Chinese: priorities and on-time in words, local times with their offset, one column per item', () => {
    expect(csvIn('zh-CN', 'Asia/Shanghai')).toBe(
      '\uFEFF' +
        [
          '需求编号,登记时间,送达时间,用时（秒）,准时,优先级,目的地,救生衣（件）,N95口罩（只）,防护服（套）,车次',
          `${U(1)},2026-12-02 14:05:00 +08:00,2026-12-02 14:25:00 +08:00,1200,是,严重,快取点06·林奈广场,60,0,0,1`,
          `${U(2)},2026-12-02 14:06:00 +08:00,2026-12-02 14:36:00 +08:00,1801,否,关注,"'=HYPERLINK(""x""), ""东门""",0,5000,200,2`,
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('is written in English, the site named in English, in the time zone of the board', () => {
    expect(csvIn('en', 'Europe/Stockholm')).toBe(
      '\uFEFF' +
        [
          'Request ID,Recorded at,Delivered at,Duration (s),On time,Priority,Destination,Life jacket (pcs),N95 mask (pcs),Protective suit (sets),Runs',
          `${U(1)},2026-12-02 07:05:00 +01:00,2026-12-02 07:25:00 +01:00,1200,yes,Severe,Quick-pick 06 · Linnéplatsen,60,0,0,1`,
          `${U(2)},2026-12-02 07:06:00 +01:00,2026-12-02 07:36:00 +01:00,1801,no,Attention,"'=HYPERLINK(""x""), ""东门""",0,5000,200,2`,
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('writes an item it does not know under its id, and only the headers when nothing was delivered', () => {
    const i18n = createI18n('en');
    const ctx = { t: i18n.t, language: 'en' as const, items, place: (l: string) => l, timeZone: 'UTC' };
    const odd = kpiCsv({ ...report, moved: [{ itemId: 'sandbag', quantity: 9 }], rows: [{ ...report.rows[0]!, moved: [{ itemId: 'sandbag', quantity: 9 }] }] }, ctx);
    expect(odd.split('\r\n')[0]).toBe('\uFEFFRequest ID,Recorded at,Delivered at,Duration (s),On time,Priority,Destination,sandbag,Runs');
    expect(odd.split('\r\n')[1]).toBe(`${U(1)},2026-12-02 06:05:00 +00:00,2026-12-02 06:25:00 +00:00,1200,yes,Severe,快取点06·林奈广场,9,1`);
    expect(kpiCsv({ ...report, moved: [], rows: [] }, ctx)).toBe('\uFEFFRequest ID,Recorded at,Delivered at,Duration (s),On time,Priority,Destination,Runs\r\n');
  });
});

describe('KPI figures', () => {
  it('add up goods only within a unit word, most first', () => {
    expect(movedByUnit(report.moved, items, 'zh-CN')).toEqual([
      { unit: '只', quantity: 5000 },
      { unit: '套', quantity: 200 },
      { unit: '件', quantity: 60 },
    ]);
    expect(movedByUnit(report.moved, items, 'en')).toEqual([
      { unit: 'pcs', quantity: 5060 },
      { unit: 'sets', quantity: 200 },
    ]);
  });

  it('write times with their offset, across a daylight-saving change', () => {
    expect(formatTimestamp(Date.UTC(2026, 6, 1, 12, 0, 0), 'Europe/Stockholm')).toBe('2026-07-01 14:00:00 +02:00');
    expect(formatTimestamp(Date.UTC(2026, 0, 1, 12, 0, 0), 'Europe/Stockholm')).toBe('2026-01-01 13:00:00 +01:00');
    expect(formatTimestamp(Date.UTC(2026, 0, 1, 0, 30, 0), 'Asia/Kolkata')).toBe('2026-01-01 06:00:00 +05:30');
    expect(formatTimestamp(0, 'UTC')).toBe('1970-01-01 00:00:00 +00:00');
    expect(formatTimestamp(0)).toMatch(/^19(69|70)-\d\d-\d\d \d\d:\d\d:00 [+-]\d\d:\d\d$/);
  });

  it('name the file by period and local date, safely', () => {
    expect(kpiFileName('调拨统计', 'shift', new Date(2025, 5, 2, 14, 5).getTime())).toBe('调拨统计-shift-2025-06-02.csv');
    expect(kpiFileName('dispatch figures/x', 'month', new Date(2025, 11, 31).getTime())).toBe('dispatch-figures-x-month-2025-12-31.csv');
  });

  it('record the export with its period, range and row count (audit.recordExport, before the file is saved)', () => {
    expect(kpiExportRecord({ ...report, period: 'shift', from: 1_000, to: 2_000 })).toEqual({ kind: 'kpi_csv', rows: report.rows.length, detail: { period: 'shift', from: 1_000, to: 2_000 } });
  });

  it('read shares as percentages', () => {
    expect(formatShare(null)).toBe('—');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0.8567)).toBe('85.7%');
  });
});
