/** A flight log as the import reads it: encodings, the battery's counter or its flights a day by its QR code or serial, bad files refused whole. */
import { describe, expect, it } from 'vitest';
import { MAX_CYCLE_IMPORT_READINGS } from '../../shared/board-api';
import { readFlightLogFile } from './flight-log-file';

const utf8 = (s: string) => new TextEncoder().encode(s);
const NOW = Date.parse('2026-12-04T00:00:00Z');

describe('readFlightLogFile', () => {
  it('reads each row’s battery (QR code or serial), date and cycle count', () => {
    const r = readFlightLogFile(utf8('battery,date,cycles\nJB-BT000001,2026-11-01,110\nTB30-00077,2026-11-01,4\nJB-BT000001,2026-11-03,114\n'), { now: NOW });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.encoding).toBe('utf-8');
    expect(r.preview).toMatchObject({ rows: 3, batteries: 2, mode: 'cycles' });
    if (r.mode !== 'cycles') throw new Error('not a counter log');
    expect(r.rows.map((x) => [x.row, x.battery, x.by, x.cycles, x.day])).toEqual([
      [2, 'JB-BT000001', 'qr', 110, '2026-11-01'],
      [3, 'TB30-00077', 'serial', 4, '2026-11-01'],
      [4, 'JB-BT000001', 'qr', 114, '2026-11-03'],
    ]);
    expect(r.rows[2]!.at - r.rows[0]!.at).toBe(2 * 86_400_000);
  });

  it('reads a GBK export with a Chinese header', () => {
    // "电池,日期,循环次数" in GBK.
    const header = [0xb5, 0xe7, 0xb3, 0xd8, 0x2c, 0xc8, 0xd5, 0xc6, 0xda, 0x2c, 0xd1, 0xad, 0xbb, 0xb7, 0xb4, 0xce, 0xca, 0xfd, 0x0d, 0x0a];
    const r = readFlightLogFile(new Uint8Array([...header, ...utf8('JB-BT000001,2026-11-01,110\r\n')]), { now: NOW });
    expect(r).toMatchObject({ ok: true, encoding: 'gbk', preview: { rows: 1, batteries: 1 } });
  });

  it('reads a log of flights a day: each row’s battery, calendar day (Beijing time) and sorties', () => {
    const r = readFlightLogFile(utf8('电池,飞行日期,架次\nJB-BT000001,2026-11-01,2\nJB-BT000001,2026-11-01 23:30,1\nTB30-00077,2026-11-02T01:00:00+08:00,3\n'), { now: NOW });
    if (!r.ok || r.mode !== 'flights') throw new Error(JSON.stringify(r));
    expect(r.preview).toMatchObject({ rows: 3, batteries: 2, mode: 'flights' });
    expect(r.rows).toEqual([
      { row: 2, battery: 'JB-BT000001', by: 'qr', day: '2026-11-01', flights: 2 },
      { row: 3, battery: 'JB-BT000001', by: 'qr', day: '2026-11-01', flights: 1 },
      { row: 4, battery: 'TB30-00077', by: 'serial', day: '2026-11-02', flights: 3 },
    ]);
  });

  it('refuses a log of flights a day with more than 5 on one battery’s day, across its rows', () => {
    const r = readFlightLogFile(utf8('battery,date,flights\nJB-BT000001,2026-11-01,3\nJB-BT000001,2026-11-01,3\nJB-BT000002,2026-11-01,6\n'), { now: NOW });
    if (r.ok || r.reason !== 'problems') throw new Error(JSON.stringify(r));
    expect(r.problems.map((p) => p.row)).toEqual([4, 3]);
  });

  it('refuses the whole file, naming the rows: a count going down, more than 5 a day, a date in the future, not a number', () => {
    const r = readFlightLogFile(
      utf8('battery,date,cycles\nJB-BT000001,2026-11-01,110\nJB-BT000001,2026-11-02,100\nJB-BT000002,2026-11-01,10\nJB-BT000002,2026-11-02,30\nJB-BT000003,2027-01-01,3\nJB-BT000004,2026-11-01,many\n'),
      { now: NOW },
    );
    if (r.ok || r.reason !== 'problems') throw new Error(JSON.stringify(r));
    expect(r.problems.map((p) => p.row).sort()).toEqual([3, 5, 6, 7]);
  });

  it(`refuses more than ${MAX_CYCLE_IMPORT_READINGS} rows, and a file in neither UTF-8 nor GBK`, () => {
    const rows = Array.from({ length: MAX_CYCLE_IMPORT_READINGS + 1 }, (_, i) => `SN-${i},2026-11-01,${i % 400}`);
    expect(readFlightLogFile(utf8(`battery,date,cycles\n${rows.join('\n')}\n`), { now: NOW })).toMatchObject({ ok: false, reason: 'too_many', count: MAX_CYCLE_IMPORT_READINGS + 1 });
    expect(readFlightLogFile(new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x00]), { now: NOW })).toMatchObject({ ok: false, reason: 'encoding' });
  });
});
