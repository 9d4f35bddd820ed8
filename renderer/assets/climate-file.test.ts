/** A storage-readings file as the import reads it: encodings, the console's own sites only, split per site in time order, bad files refused whole. */
import { describe, expect, it } from 'vitest';
import { CLIMATE_READINGS_PER_COMMAND } from '../../shared/assets/commands/climate-record';
import { MAX_CLIMATE_IMPORT_READINGS } from '../../shared/board-api';
import { MAX_CLIMATE_FILE_BYTES, readClimateFile } from './climate-file';

const utf8 = (s: string) => new TextEncoder().encode(s);
const NOW = Date.parse('2026-12-04T00:00:00Z');
const own = new Set(['depot-central', 'qp-03']);

describe('readClimateFile', () => {
  it('reads a logger’s export and splits it per site, each in time order', () => {
    const r = readClimateFile(utf8('site,time,temperature,humidity\nqp-03,2026-12-01 10:00,31.5,70\ndepot-central,2026-12-01 09:00,21,45\nqp-03,2026-12-01 08:00,29,68\n'), { now: NOW, siteIds: own });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.encoding).toBe('utf-8');
    expect(r.preview).toMatchObject({ rows: 3, sites: 2 });
    expect(r.chunks.map((c) => [c.siteId, c.readings.map((x) => x.tempC)])).toEqual([
      ['depot-central', [21]],
      ['qp-03', [29, 31.5]],
    ]);
  });

  it('reads a GBK export with a Chinese header', () => {
    // "站点,时间,温度,湿度" in GBK.
    const header = [0xd5, 0xbe, 0xb5, 0xe3, 0x2c, 0xca, 0xb1, 0xbc, 0xe4, 0x2c, 0xce, 0xc2, 0xb6, 0xc8, 0x2c, 0xca, 0xaa, 0xb6, 0xc8, 0x0d, 0x0a];
    const r = readClimateFile(new Uint8Array([...header, ...utf8('qp-03,2026-12-01 08:00,25,60\r\n')]), { now: NOW, siteIds: own });
    expect(r).toMatchObject({ ok: true, encoding: 'gbk', preview: { rows: 1, sites: 1 } });
  });

  it(`runs of at most ${CLIMATE_READINGS_PER_COMMAND} readings a command`, () => {
    const rows = Array.from({ length: 1_201 }, (_, i) => `qp-03,${new Date(NOW - (i + 1) * 3_600_000).toISOString()},20,50`);
    const r = readClimateFile(utf8(['site,time,temp,rh', ...rows].join('\n')), { now: NOW, siteIds: own });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.chunks.map((c) => c.readings.length)).toEqual([500, 500, 201]);
    const times = r.chunks.flatMap((c) => c.readings.map((x) => x.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('refuses a file whole, naming its rows: a site not the console’s own, a future time, a value out of range; an unknown encoding, too many readings, too big', () => {
    const bad = readClimateFile(utf8('site,time,temperature,humidity\nqp-03,2026-12-01 08:00,25,60\nqp-09,2026-12-01 08:00,25,60\nqp-03,2027-01-01 08:00,25,60\nqp-03,2026-12-01 09:00,95,60\n'), { now: NOW, siteIds: own });
    expect(bad).toMatchObject({ ok: false, reason: 'problems' });
    if (bad.ok || bad.reason !== 'problems') throw new Error('expected problems');
    expect(bad.problems.map((p) => p.row)).toEqual([3, 4, 5]);
    expect(bad.problems[0]!.message).toContain('qp-09');
    expect(readClimateFile(new Uint8Array([...utf8('site,time,temperature,humidity\n'), 0xff, 0xfe, 0x41]), { now: NOW, siteIds: own })).toEqual({ ok: false, reason: 'encoding' });
    const many = ['site,time,temp,rh', ...Array.from({ length: MAX_CLIMATE_IMPORT_READINGS + 1 }, (_, i) => `qp-03,${new Date(NOW - (i + 1) * 60_000).toISOString()},20,50`)].join('\n');
    expect(readClimateFile(utf8(many), { now: NOW, siteIds: own })).toEqual({ ok: false, reason: 'too_many', count: MAX_CLIMATE_IMPORT_READINGS + 1, max: MAX_CLIMATE_IMPORT_READINGS });
    expect(readClimateFile(new Uint8Array(MAX_CLIMATE_FILE_BYTES + 1), { now: NOW, siteIds: own })).toEqual({ ok: false, reason: 'too_big', bytes: MAX_CLIMATE_FILE_BYTES + 1, max: MAX_CLIMATE_FILE_BYTES });
  });
});
