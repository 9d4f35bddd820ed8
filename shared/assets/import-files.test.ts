import { describe, expect, it } from 'vitest';
import { epcCode } from './schema';
import { describeProblem, detectEncoding, EPC_FORM, MAX_PROBLEMS, type ImportProblem, parseClimateReadings, parseFlightLog, parseRfidExport, parseTime } from './import-files';

const now = Date.UTC(2026, 11, 1, 2, 0);
const EPC = (k: number) => `E2801170${k.toString(16).toUpperCase().padStart(16, '0')}`;
const refusedWith = (r: { ok: true } | { ok: false; problems: ImportProblem[] }, ...messages: RegExp[]) => {
  expect(r.ok).toBe(false);
  const texts = r.ok ? [] : r.problems.map(describeProblem);
  for (const m of messages) expect(texts.some((t) => m.test(t)), `${m} in ${texts.join(' | ')}`).toBe(true);
};

describe('detectEncoding', () => {
  // GBK bytes, written out: 标签 = B1 EA C7 A9, 时间 = CA B1 BC E4.
  const gbkHeader = [0xb1, 0xea, 0xc7, 0xa9, 0x2c, 0xca, 0xb1, 0xbc, 0xe4, 0x0d, 0x0a];
  const gbkFile = new Uint8Array([...gbkHeader, ...new TextEncoder().encode(`${EPC(1)},2026-11-30 09:00\r\n${EPC(2)},2026-11-30 09:01\r\n`)]);

  it('recognises a GBK export, which Node then decodes to the Chinese headers', () => {
    expect(new TextDecoder('gbk').decode(new Uint8Array([0xb1, 0xea, 0xc7, 0xa9]))).toBe('标签');
    expect(detectEncoding(gbkFile)).toBe('gbk');
    const r = parseRfidExport(new TextDecoder('gbk').decode(gbkFile));
    expect(r).toMatchObject({ ok: true, preview: { epcColumn: '标签', rows: 2 } });
  });
  it('the same file read as UTF-8 is refused, saying why', () => {
    refusedWith(parseRfidExport(new TextDecoder('utf-8').decode(gbkFile)), /wrong encoding/);
  });
  it.each([
    ['UTF-8 Chinese', new TextEncoder().encode('标签,时间\n'), 'utf-8'],
    ['UTF-8 with a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('EPC\n')]), 'utf-8-bom'],
    ['plain ASCII', new TextEncoder().encode('EPC,RSSI\n'), 'utf-8'],
    ['an overlong UTF-8 slash (C0 AF) is not UTF-8 (but a GBK pair)', new Uint8Array([0x41, 0xc0, 0xaf]), 'gbk'],
    ['a lone continuation byte', new Uint8Array([0x41, 0x80]), 'unknown'],
    ['a GBK lead byte cut off at the end', new Uint8Array([0x41, 0xb1]), 'unknown'],
    ['a UTF-16 surrogate written as UTF-8 (ED A0 80) is not UTF-8', new Uint8Array([0xed, 0xa0, 0x80]), 'unknown'],
    ['Latin-1 é (E9) alone', new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'unknown'],
  ] as const)('%s', (_, bytes, expected) => {
    expect(detectEncoding(bytes)).toBe(expected);
  });
});

describe('a handheld RFID reader export', () => {
  it.each([
    ['EPC', `EPC,RSSI,Antenna\r\n${EPC(1)},-52,1\r\n${EPC(2)},-60,2\r\n`],
    ['TagID (another vendor)', `No.,TagID,Count\n1,${EPC(1).toLowerCase()},4\n2,${EPC(2)},1\n`],
    ['epc lower case, digits grouped', `time,epc\n2026-11-30,${EPC(1).replace(/(.{4})/g, '$1 ').trim()}\n2026-11-30,${EPC(2)}\n`],
    ['标签号', `\uFEFF序号,标签号\n1,${EPC(1)}\n2,${EPC(2)}\n`],
  ])('finds the EPC column named %s, EPCs upper case', (_, text) => {
    const r = parseRfidExport(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.epcs).toEqual([EPC(1), EPC(2)]);
  });
  it("checks EPCs by the schema's rule", () => {
    for (const e of [EPC(1), 'e2801170000000000000000a', 'E2801170', `${EPC(1)}0`, 'G2801170000000000000000A', '']) expect(EPC_FORM.test(e)).toBe(epcCode.safeParse(e).success);
  });
  it('collapses nothing itself but counts the duplicate reads in the preview', () => {
    const r = parseRfidExport(`EPC\n${EPC(1)}\n${EPC(1)}\n${EPC(2)}\n`);
    expect(r).toMatchObject({ ok: true, preview: { rows: 3, uniqueEpcs: 2, duplicateReads: 1 } });
  });
  it('refuses a file with no EPC column, naming the headers it has', () => {
    refusedWith(parseRfidExport('Serial,Count\nA1,2\n'), /^row 1: no EPC column: the headers are "Serial", "Count"/);
  });
  it('refuses the whole file for one bad EPC, naming its row and column; every bad row listed', () => {
    const r = parseRfidExport(`EPC,RSSI\n${EPC(1)}\nE2801170XYZ,-50\n\n${EPC(3)}\n,-40\n`);
    refusedWith(r, /^row 3, column EPC: "E2801170XYZ" is not an EPC \(24 hex digits\)$/, /^row 5, column EPC: no EPC$/);
    expect(r.ok === false && r.problems).toHaveLength(2);
  });
  it('lists at most 50 problems, and says how many more', () => {
    const text = `EPC\n${Array.from({ length: 120 }, (_, i) => `BAD${i}`).join('\n')}\n`;
    const r = parseRfidExport(text);
    expect(r.ok === false && [r.problems.length, r.more]).toEqual([MAX_PROBLEMS, 70]);
    expect(r.ok === false && r.message).toMatch(/and 117 more$/);
  });
  it('refuses broken CSV and empty files', () => {
    refusedWith(parseRfidExport(`EPC\n"${EPC(1)}\n`), /a quoted field is never closed/);
    refusedWith(parseRfidExport(''), /the file is empty/);
    refusedWith(parseRfidExport('EPC\n'), /the reader heard nothing/);
  });
});

describe('a flight-log export for drone batteries', () => {
  it('reads cycle counts by battery serial or QR, with the preview', () => {
    const r = parseFlightLog('电池序列号,日期,循环次数\nTB0001,2026-11-01,120\nJB-DB000002,2026-11-01,40\nTB0001,2026-11-20,150\n', { now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mode).toBe('cycles');
    expect(r.value.rows.map((x) => [x.battery, x.by, x.cycles])).toEqual([['TB0001', 'serial', 120], ['JB-DB000002', 'qr', 40], ['TB0001', 'serial', 150]]);
    expect(r.preview).toMatchObject({ rows: 3, batteries: 2, from: Date.UTC(2026, 9, 31, 16), to: Date.UTC(2026, 10, 19, 16) });
  });
  it('reads flights a day instead of cycles', () => {
    expect(parseFlightLog('battery,date,flights\nTB1,2026-11-01,3\nTB1,2026-11-02,2\n', { now })).toMatchObject({ ok: true, value: { mode: 'flights' } });
  });
  it.each([
    ['a negative count', 'battery,date,cycles\nTB1,2026-11-01,-3\n', /^row 2, column cycles: -3 is negative$/],
    ['a count going down', 'battery,date,cycles\nTB1,2026-11-05,90\nTB1,2026-11-01,80\nTB1,2026-11-10,85\n', /^row 4, column cycles: TB1's count goes down: 85 after 90 \(row 2\)$/],
    ['a date in the future', 'battery,date,cycles\nTB1,2026-12-25,10\n', /^row 2, column date: 2026-12-25 is in the future$/],
    ['more than 5 cycles a day', 'battery,date,cycles\nTB1,2026-11-01,10\nTB1,2026-11-03,22\n', /^row 3, column cycles: TB1: 12 cycles in 2.0 days since row 2: more than 5 a day$/],
    ['six flights in a day', 'battery,date,flights\nTB1,2026-11-01,6\n', /^row 2, column flights: 6 flights in a day/],
    ['flights adding up past five in one day', 'battery,date,flights\nTB1,2026-11-01 08:00,3\nTB1,2026-11-01 17:00,3\n', /^row 3, column flights: TB1: 6 flights on one day \(rows 2, 3\)/],
    ['not a date', 'battery,date,cycles\nTB1,2026-02-30,1\n', /^row 2, column date: "2026-02-30" is not a date/],
    ['a fractional count', 'battery,date,cycles\nTB1,2026-11-01,1.5\n', /is not a whole number/],
    ['no count column', 'battery,date,voltage\nTB1,2026-11-01,16.2\n', /^row 1: the header lacks cycles or flights: it has "battery", "date", "voltage"$/],
  ])('refuses %s', (_, text, message) => {
    refusedWith(parseFlightLog(text, { now }), message);
  });
  it('refuses a battery the ledger does not know, when asked to check', () => {
    refusedWith(parseFlightLog('battery,date,cycles\nTB9,2026-11-01,1\n', { now, known: (b) => b === 'TB1' }), /battery "TB9" is not in the ledger/);
  });
});

describe('storage readings', () => {
  const sites = new Set(['depot-central', 'qp-07']);
  it('reads site, time, temperature and humidity, units allowed', () => {
    const r = parseClimateReadings('站点,时间,温度,湿度\nqp-07,2026-11-30 14:00,31.5℃,78%\ndepot-central,2026-11-30T14:00:00+08:00,21,55\n', { now, knownSiteIds: sites });
    expect(r).toMatchObject({ ok: true, preview: { rows: 2, sites: 2 } });
    if (r.ok) expect(r.value[0]).toEqual({ siteId: 'qp-07', at: Date.UTC(2026, 10, 30, 6), tempC: 31.5, humidity: 78 });
  });
  it.each([
    ['an unknown site', 'site,time,temp,humidity\nqp-99,2026-11-30 14:00,20,50\n', /^row 2, column site: site "qp-99" is not one of the division's sites$/],
    ['a temperature no store has', 'site,time,temp,humidity\nqp-07,2026-11-30 14:00,85,50\n', /^row 2, column temp: 85 °C is not a storage temperature/],
    ['humidity over 100%', 'site,time,temp,humidity\nqp-07,2026-11-30 14:00,20,120\n', /^row 2, column humidity: 120% is not a relative humidity/],
    ['a time in the future', 'site,time,temp,humidity\nqp-07,2027-01-01 00:00,20,50\n', /is in the future/],
    ['two readings at one time', 'site,time,temp,humidity\nqp-07,2026-11-30 14:00,20,50\nqp-07,2026-11-30 14:00,21,50\n', /^row 3, column time: qp-07 has a reading at 2026-11-30 14:00 already \(row 2\)$/],
    ['missing columns', 'site,time\nqp-07,2026-11-30\n', /the header lacks a temperature, a humidity/],
  ])('refuses %s', (_, text, message) => {
    refusedWith(parseClimateReadings(text, { now, knownSiteIds: sites }), message);
  });
});

describe('times as exports write them', () => {
  it.each([
    ['2026-03-01', Date.UTC(2026, 1, 28, 16)],
    ['2026/3/1 14:30', Date.UTC(2026, 2, 1, 6, 30)],
    ['2026-03-01T14:30:05Z', Date.UTC(2026, 2, 1, 14, 30, 5)],
    ['2026-03-01 14:30:00-05:00', Date.UTC(2026, 2, 1, 19, 30)],
    ['2026-13-01', null],
    ['01/03/2026', null],
  ])('%s', (text, expected) => expect(parseTime(text)).toBe(expected));
});
