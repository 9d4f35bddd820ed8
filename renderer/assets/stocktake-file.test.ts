/** A reader's export as the stock-take reads it: encodings, duplicates collapsed, bad files refused whole with their rows named. */
import { describe, expect, it } from 'vitest';
import { MAX_STOCKTAKE_TAGS } from '../../shared/board-api';
import { MAX_FILE_BYTES, readStocktakeFile } from './stocktake-file';

const utf8 = (s: string) => new TextEncoder().encode(s);
const A = 'E28011700000000000000001';
const B = 'E28011700000000000000002';

describe('readStocktakeFile', () => {
  it('reads the EPCs once each, in file order, and counts the rows', () => {
    const r = readStocktakeFile(utf8(`EPC,RSSI,Antenna\r\n${B},-40,1\r\n${A},-41,2\r\n${B},-39,1\r\n${B.toLowerCase()},-39,3\r\n`));
    expect(r).toEqual({ ok: true, epcs: [B, A], reads: 4, epcColumn: 'EPC', encoding: 'utf-8' });
  });

  it('reads a GBK export (a Chinese header) and one with a UTF-8 BOM', () => {
    // "标签号" in GBK: B1 EA C7 A9 BA C5.
    const gbk = new Uint8Array([0xb1, 0xea, 0xc7, 0xa9, 0xba, 0xc5, 0x0d, 0x0a, ...utf8(`${A}\r\n`)]);
    expect(readStocktakeFile(gbk)).toMatchObject({ ok: true, epcs: [A], epcColumn: '标签号', encoding: 'gbk' });
    expect(readStocktakeFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`标签,时间\n${A},2026-12-01\n`)]))).toMatchObject({ ok: true, epcs: [A], epcColumn: '标签' });
  });

  it('refuses bad files whole, naming the rows: no EPC column, a broken EPC, an unknown encoding, too many tags, too big', () => {
    expect(readStocktakeFile(utf8(`Name,Count\nx,1\n`))).toMatchObject({ ok: false, reason: 'problems', problems: [{ row: 1, message: expect.stringContaining('no EPC column') }] });
    expect(readStocktakeFile(utf8(`EPC\n${A}\nE2801170ZZ\n\n${B}\n`))).toMatchObject({ ok: false, reason: 'problems', problems: [{ row: 3, column: 'EPC', message: expect.stringContaining('not an EPC') }] });
    expect(readStocktakeFile(new Uint8Array([...utf8('EPC\n'), 0xff, 0xfe, 0x41]))).toEqual({ ok: false, reason: 'encoding' });
    const many = ['EPC', ...Array.from({ length: MAX_STOCKTAKE_TAGS + 1 }, (_, i) => i.toString(16).toUpperCase().padStart(24, '0'))].join('\n');
    expect(readStocktakeFile(utf8(many))).toEqual({ ok: false, reason: 'too_many_tags', count: MAX_STOCKTAKE_TAGS + 1, max: MAX_STOCKTAKE_TAGS });
    expect(readStocktakeFile(new Uint8Array(MAX_FILE_BYTES + 1))).toEqual({ ok: false, reason: 'too_big', bytes: MAX_FILE_BYTES + 1, max: MAX_FILE_BYTES });
  });
});
