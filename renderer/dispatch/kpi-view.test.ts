import { describe, expect, it } from 'vitest';
import { kpiCsv } from '../../shared/dispatch/kpi';
import { createI18n } from '../i18n';
import { formatShare, KPI_CSV_COLUMNS, kpiCsvHeaders, kpiExportRecord, kpiFileName } from './kpi-view';

describe('KPI export', () => {
  it('translates every CSV header', () => {
    const i18n = createI18n('zh-CN');
    const zh = kpiCsvHeaders((k) => i18n.t(k));
    expect(zh).toHaveLength(KPI_CSV_COLUMNS.length);
    expect(zh[0]).toBe('需求编号');
    expect(zh.every((h) => !h.startsWith('kpi.'))).toBe(true);
  });

  it('writes the rows under the translated headers', () => {
    const i18n = createI18n('en');
    const csv = kpiCsv(
      {
        period: 'day',
        from: 0,
        to: 1,
        requests: 1,
        dispatches: 2,
        delivered: 1,
        avgRequestToArrivalS: 300,
        p90RequestToArrivalS: 300,
        onTimeShare: 1,
        itemsMoved: 80,
        rows: [{ requestId: '00000000-0000-4000-8000-000000000001', createdAt: 0, deliveredAt: 300_000, durationS: 300, onTime: true, priority: 'red', destination: '=SUM(A1)', items: 80, vehicles: 2 }],
      },
      kpiCsvHeaders((k) => i18n.t(k)),
    );
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Request ID,Recorded at,Delivered at,Duration (s),On time,Priority,Destination,Items,Runs');
    expect(lines[1]).toBe("00000000-0000-4000-8000-000000000001,1970-01-01T00:00:00.000Z,1970-01-01T00:05:00.000Z,300,1,red,'=SUM(A1),80,2");
  });

  it('names the file by period and local date, safely', () => {
    expect(kpiFileName('调拨统计', 'shift', new Date(2025, 5, 2, 14, 5).getTime())).toBe('调拨统计-shift-2025-06-02.csv');
    expect(kpiFileName('dispatch figures/x', 'month', new Date(2025, 11, 31).getTime())).toBe('dispatch-figures-x-month-2025-12-31.csv');
  });

  it('records the export with its period, range and row count (audit.recordExport, before the file is saved)', () => {
    const row = { requestId: 'r', createdAt: 0, deliveredAt: 1, durationS: 1, onTime: true, priority: 'red' as const, destination: 'x', items: 1, vehicles: 1 };
    expect(kpiExportRecord({ period: 'shift', from: 1_000, to: 2_000, rows: [row, row, row] })).toEqual({ kind: 'kpi_csv', rows: 3, detail: { period: 'shift', from: 1_000, to: 2_000 } });
  });

  it('reads shares as percentages', () => {
    expect(formatShare(null)).toBe('—');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0.8567)).toBe('85.7%');
  });
});
