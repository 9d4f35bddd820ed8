import { describe, expect, it } from 'vitest';
import { POSITIONS_MAGIC, encodePositions } from '../positions-codec';
import { BINARY_RESULT_MAGIC, BinaryResultError, binaryResultBytes, binaryResultSchema, decodeBinaryResult, encodeBinaryResult, frameMagic } from './binary-result';

describe('binary results', () => {
  it('round-trip a call id and its bytes', () => {
    const bytes = new Uint8Array([0x1a, 0, 255, 7]);
    const frame = encodeBinaryResult(2 ** 40 + 3, bytes);
    expect(frame.byteLength).toBe(16 + 4);
    expect(frameMagic(frame)).toBe(BINARY_RESULT_MAGIC);
    const back = decodeBinaryResult(frame);
    expect(back.id).toBe(2 ** 40 + 3);
    expect([...back.data]).toEqual([...bytes]);
    expect([...decodeBinaryResult(encodeBinaryResult(0, new Uint8Array(0))).data]).toEqual([]);
  });

  it('are told apart from position batches by their magic', () => {
    expect(frameMagic(encodePositions([], 1))).toBe(POSITIONS_MAGIC);
    expect(POSITIONS_MAGIC).not.toBe(BINARY_RESULT_MAGIC);
    expect(frameMagic(new ArrayBuffer(3))).toBeNull();
    expect(() => decodeBinaryResult(encodePositions([], 1))).toThrow(BinaryResultError);
  });

  it('refuse a short header, reserved bytes that are not 0, and an id that is no call id', () => {
    expect(() => decodeBinaryResult(new ArrayBuffer(15))).toThrow(/shorter than its header/);
    const reserved = encodeBinaryResult(1, new Uint8Array([1]));
    new DataView(reserved).setUint32(4, 1, true);
    expect(() => decodeBinaryResult(reserved)).toThrow(/reserved/);
    for (const id of [-1, 0.5, Number.NaN, 2 ** 60]) {
      const f = encodeBinaryResult(1, new Uint8Array([1]));
      new DataView(f).setFloat64(8, id, true);
      expect(() => decodeBinaryResult(f), String(id)).toThrow(/call id/);
    }
    expect(() => encodeBinaryResult(-1, new Uint8Array(0))).toThrow(BinaryResultError);
  });

  it('go as a frame only when the result is exactly { data: bytes }', () => {
    const bytes = new Uint8Array([1]);
    expect(binaryResultBytes({ data: bytes })).toBe(bytes);
    expect(binaryResultBytes({ data: null })).toBeNull();
    expect(binaryResultBytes({ data: bytes, more: 1 })).toBeNull();
    expect(binaryResultBytes({ data: 'AQ==' })).toBeNull();
    expect(binaryResultBytes(null)).toBeNull();
    expect(binaryResultBytes([bytes])).toBeNull();
  });

  it('have a schema that takes bytes within the limit and nothing else', () => {
    const schema = binaryResultSchema(4);
    expect(schema.safeParse({ data: new Uint8Array(4) }).success).toBe(true);
    expect(schema.safeParse({ data: Buffer.from([1, 2]) }).success).toBe(true);
    expect(schema.safeParse({ data: null }).success).toBe(true);
    expect(schema.safeParse({ data: new Uint8Array(5) }).success).toBe(false);
    expect(schema.safeParse({ data: 'AQID' }).success).toBe(false);
    expect(schema.safeParse({ data: [1, 2] }).success).toBe(false);
  });
});
