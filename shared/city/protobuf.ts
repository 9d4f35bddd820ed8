/**
 * The least of protocol buffers an OSM PBF reader needs: varints, zigzag, length-delimited
 * fields, packed arrays, skipping what it does not know. Pure (no Node, no DOM), and every
 * read is bounds-checked: a corrupt file ends in a ProtobufError, never in reading past the
 * buffer or looping forever.
 */

export class ProtobufError extends Error {}

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

export class ProtoReader {
  pos: number;
  readonly end: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    if (start < 0 || end > buf.length || start > end) throw new ProtobufError(`range ${start}..${end} outside a buffer of ${buf.length} bytes`);
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** An unsigned varint as a number (exact up to 2^53, which every OSM id and count is). */
  varint(): number {
    const { buf, end } = this;
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new ProtobufError('varint runs past the end of its message');
      const b = buf[this.pos++]!;
      result += (b & 0x7f) * factor;
      if (b < 0x80) return result;
      factor *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  /** int64/int32: negative values are sent as ten-byte two's complement. */
  int64(): number {
    const v = this.varint();
    return v >= TWO_63 ? v - TWO_64 : v;
  }

  /** sint64/sint32 (zigzag). */
  svarint(): number {
    const v = this.varint();
    return v % 2 === 1 ? -(v + 1) / 2 : v / 2;
  }

  /** The bounds of a length-delimited field's bytes; the reader moves past them. */
  lengthDelimited(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) throw new ProtobufError(`field of ${len} bytes runs past the end of its message (${this.end - start} left)`);
    this.pos = start + len;
    return [start, start + len];
  }

  bytes(): Uint8Array {
    const [s, e] = this.lengthDelimited();
    return this.buf.subarray(s, e);
  }

  /** The next field's number and wire type, or null at the end of the message. */
  key(): { field: number; wire: number } | null {
    if (this.done) return null;
    const k = this.varint();
    const field = Math.floor(k / 8);
    if (field === 0) throw new ProtobufError('field number 0');
    return { field, wire: k % 8 };
  }

  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.lengthDelimited();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        throw new ProtobufError(`wire type ${wire} is not one a reader can skip`);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new ProtobufError('fixed-size field runs past the end of its message');
    this.pos += n;
  }

  /** A packed repeated varint field (or one unpacked element, wire type 0), appended to `out`. */
  packed(wire: number, out: number[], read: (r: ProtoReader) => number): void {
    if (wire === 0) {
      out.push(read(this));
      return;
    }
    if (wire !== 2) throw new ProtobufError(`a packed field with wire type ${wire}`);
    const [s, e] = this.lengthDelimited();
    const inner = new ProtoReader(this.buf, s, e);
    while (!inner.done) out.push(read(inner));
  }
}

export const readVarint = (r: ProtoReader) => r.varint();
export const readSvarint = (r: ProtoReader) => r.svarint();
export const readInt = (r: ProtoReader) => r.int64();

/** Big-endian uint32 at `at` (the OSM PBF framing's header length). */
export function readUint32BE(buf: Uint8Array, at: number): number {
  return buf[at]! * 0x1000000 + ((buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!);
}
