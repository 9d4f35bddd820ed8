import { writeFileSync } from 'node:fs';
import { TileType, zxyToTileId } from 'pmtiles';

/**
 * Tests only: writes a PMTiles v3 archive (one root directory, nothing compressed inside,
 * tiles stored as given) so the reader is tested on a file of a known shape.
 */
export type PmtilesInput = {
  tiles: { z: number; x: number; y: number; data: Uint8Array }[];
  tileType: TileType;
  /** 1 none, 2 gzip: what the tiles' bytes are. */
  tileCompression: 1 | 2;
  bounds: [number, number, number, number];
  metadata?: Record<string, unknown>;
};

const varints = (values: number[]): Buffer => {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  }
  return Buffer.from(out);
};

export function writePmtiles(path: string, input: PmtilesInput): void {
  const entries = input.tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  let offset = 0;
  const placed = entries.map((e) => {
    const p = { id: e.id, offset, length: e.data.byteLength };
    offset += e.data.byteLength;
    return p;
  });
  let last = 0;
  const dir = Buffer.concat([
    varints([placed.length]),
    varints(placed.map((p) => { const d = p.id - last; last = p.id; return d; })),
    varints(placed.map(() => 1)),
    varints(placed.map((p) => p.length)),
    // offset + 1 for each (0 would mean "right after the previous one").
    varints(placed.map((p) => p.offset + 1)),
  ]);
  const meta = Buffer.from(JSON.stringify(input.metadata ?? {}));
  const data = Buffer.concat(entries.map((e) => Buffer.from(e.data)));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'ascii');
  h[7] = 3;
  const rootOffset = 127;
  const metaOffset = rootOffset + dir.length;
  const dataOffset = metaOffset + meta.length;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, rootOffset);
  u64(16, dir.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset + data.length); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, data.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  h[96] = 0; // not clustered
  h[97] = 1; // internal compression: none
  h[98] = input.tileCompression;
  h[99] = input.tileType;
  const zs = input.tiles.map((t) => t.z);
  h[100] = Math.min(...zs);
  h[101] = Math.max(...zs);
  const [w, s, e, n] = input.bounds;
  h.writeInt32LE(Math.round(w * 1e7), 102);
  h.writeInt32LE(Math.round(s * 1e7), 106);
  h.writeInt32LE(Math.round(e * 1e7), 110);
  h.writeInt32LE(Math.round(n * 1e7), 114);
  h[118] = Math.max(...zs);
  h.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119);
  h.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  writeFileSync(path, Buffer.concat([h, dir, meta, data]));
}

export { TileType };
