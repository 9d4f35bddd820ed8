/**
 * Writes OpenStreetMap `.osm.pbf` files: the format's plain subset our reader and every OSM
 * tool read (an OSMHeader blob, then zlib OSMData blobs of dense nodes, ways or relations,
 * strings per block). For the import benchmark's synthetic extracts (bench/synthetic-osm.ts)
 * and for tests that need an extract with a given shape; the board never writes OSM data.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { PbfWriter } from 'pbf';
import type { OsmRelation, OsmWay } from '../shared/city/osm-pbf';

const utf8 = new TextEncoder();

/** Strings of one block, index 0 the empty string as the format wants. */
class StringTable {
  private index = new Map<string, number>([['', 0]]);
  private list: string[] = [''];
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
  encode(): Uint8Array {
    const w = new PbfWriter();
    for (const s of this.list) w.writeBytesField(1, utf8.encode(s));
    return w.finish();
  }
}

export function frame(type: 'OSMHeader' | 'OSMData', block: Uint8Array): Uint8Array {
  const blob = new PbfWriter();
  blob.writeVarintField(2, block.length);
  blob.writeBytesField(3, deflateSync(block));
  const body = blob.finish();
  const header = new PbfWriter();
  header.writeBytesField(1, utf8.encode(type));
  header.writeVarintField(3, body.length);
  const h = header.finish();
  const out = new Uint8Array(4 + h.length + body.length);
  new DataView(out.buffer).setUint32(0, h.length);
  out.set(h, 4);
  out.set(body, 4 + h.length);
  return out;
}

export function headerBlock(bbox: [number, number, number, number]): Uint8Array {
  const box = new PbfWriter();
  const nano = (d: number) => Math.round(d * 1e9);
  for (const [field, v] of [[1, bbox[0]], [2, bbox[2]], [3, bbox[3]], [4, bbox[1]]] as const) box.writeSVarintField(field, nano(v));
  const w = new PbfWriter();
  w.writeBytesField(1, box.finish());
  for (const f of ['OsmSchema-V0.6', 'DenseNodes']) w.writeBytesField(4, utf8.encode(f));
  w.writeBytesField(16, utf8.encode('jingbao city/osm-pbf-writer.ts'));
  return w.finish();
}

export type OsmNode = { id: number; lon: number; lat: number; tags: Record<string, string> | null };

export function denseBlock(nodes: readonly OsmNode[]): Uint8Array {
  const st = new StringTable();
  const ids: number[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const kv: number[] = [];
  let [pid, plat, plon] = [0, 0, 0];
  for (const n of nodes) {
    const lat = Math.round(n.lat * 1e7); // granularity 100 nanodegrees
    const lon = Math.round(n.lon * 1e7);
    ids.push(n.id - pid);
    lats.push(lat - plat);
    lons.push(lon - plon);
    [pid, plat, plon] = [n.id, lat, lon];
    if (n.tags) for (const [k, v] of Object.entries(n.tags)) kv.push(st.of(k), st.of(v));
    kv.push(0);
  }
  const dense = new PbfWriter();
  dense.writePackedSVarint(1, ids);
  dense.writePackedSVarint(8, lats);
  dense.writePackedSVarint(9, lons);
  dense.writePackedVarint(10, kv);
  const group = new PbfWriter();
  group.writeBytesField(2, dense.finish());
  return primitiveBlock(st, group);
}

/** A PrimitiveBlock of one group, with its string table. */
function primitiveBlock(st: StringTable, group: PbfWriter): Uint8Array {
  const block = new PbfWriter();
  block.writeBytesField(1, st.encode());
  block.writeBytesField(2, group.finish());
  return block.finish();
}

/** A block of ways (group field 3) or relations (field 4): each element its id, its tags, then what `write` adds. */
function elementBlock<T extends { id: number; tags: Record<string, string> }>(items: readonly T[], field: 3 | 4, write: (w: PbfWriter, item: T, st: StringTable) => void): Uint8Array {
  const st = new StringTable();
  const group = new PbfWriter();
  for (const item of items) {
    const w = new PbfWriter();
    w.writeVarintField(1, item.id);
    const entries = Object.entries(item.tags);
    w.writePackedVarint(2, entries.map(([k]) => st.of(k)));
    w.writePackedVarint(3, entries.map(([, v]) => st.of(v)));
    write(w, item, st);
    group.writeBytesField(field, w.finish());
  }
  return primitiveBlock(st, group);
}

/** Ids as the format stores them: each the difference from the one before. */
function deltas(ids: readonly number[]): number[] {
  let prev = 0;
  return ids.map((id) => {
    const d = id - prev;
    prev = id;
    return d;
  });
}

export function wayBlock(ways: readonly OsmWay[]): Uint8Array {
  return elementBlock(ways, 3, (w, way) => w.writePackedSVarint(8, deltas(way.refs)));
}

const MEMBER_TYPE = { node: 0, way: 1, relation: 2 } as const;

export function relationBlock(relations: readonly OsmRelation[]): Uint8Array {
  return elementBlock(relations, 4, (w, rel, st) => {
    w.writePackedVarint(8, rel.members.map((m) => st.of(m.role)));
    w.writePackedSVarint(9, deltas(rel.members.map((m) => m.ref)));
    w.writePackedVarint(10, rel.members.map((m) => MEMBER_TYPE[m.type]));
  });
}

/** A whole extract in one file: nodes, then ways, then relations, as osmium sorts them. */
export function writeOsmPbf(path: string, x: { bbox: [number, number, number, number]; nodes: readonly OsmNode[]; ways: readonly OsmWay[]; relations?: readonly OsmRelation[] }): void {
  const parts = [frame('OSMHeader', headerBlock(x.bbox))];
  if (x.nodes.length) parts.push(frame('OSMData', denseBlock(x.nodes)));
  if (x.ways.length) parts.push(frame('OSMData', wayBlock(x.ways)));
  if (x.relations?.length) parts.push(frame('OSMData', relationBlock(x.relations)));
  writeFileSync(path, Buffer.concat(parts));
}
