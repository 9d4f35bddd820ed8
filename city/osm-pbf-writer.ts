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
  const block = new PbfWriter();
  block.writeBytesField(1, st.encode());
  block.writeBytesField(2, group.finish());
  return block.finish();
}

export function wayBlock(ways: readonly OsmWay[]): Uint8Array {
  const st = new StringTable();
  const group = new PbfWriter();
  for (const way of ways) {
    const w = new PbfWriter();
    w.writeVarintField(1, way.id);
    const entries = Object.entries(way.tags);
    w.writePackedVarint(2, entries.map(([k]) => st.of(k)));
    w.writePackedVarint(3, entries.map(([, v]) => st.of(v)));
    const deltas: number[] = [];
    let prev = 0;
    for (const r of way.refs) {
      deltas.push(r - prev);
      prev = r;
    }
    w.writePackedSVarint(8, deltas);
    group.writeBytesField(3, w.finish());
  }
  const block = new PbfWriter();
  block.writeBytesField(1, st.encode());
  block.writeBytesField(2, group.finish());
  return block.finish();
}

const MEMBER_TYPE = { node: 0, way: 1, relation: 2 } as const;

export function relationBlock(relations: readonly OsmRelation[]): Uint8Array {
  const st = new StringTable();
  const group = new PbfWriter();
  for (const rel of relations) {
    const w = new PbfWriter();
    w.writeVarintField(1, rel.id);
    const entries = Object.entries(rel.tags);
    w.writePackedVarint(2, entries.map(([k]) => st.of(k)));
    w.writePackedVarint(3, entries.map(([, v]) => st.of(v)));
    w.writePackedVarint(8, rel.members.map((m) => st.of(m.role)));
    let prev = 0;
    w.writePackedSVarint(
      9,
      rel.members.map((m) => {
        const d = m.ref - prev;
        prev = m.ref;
        return d;
      }),
    );
    w.writePackedVarint(10, rel.members.map((m) => MEMBER_TYPE[m.type]));
    group.writeBytesField(4, w.finish());
  }
  const block = new PbfWriter();
  block.writeBytesField(1, st.encode());
  block.writeBytesField(2, group.finish());
  return block.finish();
}

/** A whole extract in one file: nodes, then ways, then relations, as osmium sorts them. */
export function writeOsmPbf(path: string, x: { bbox: [number, number, number, number]; nodes: readonly OsmNode[]; ways: readonly OsmWay[]; relations?: readonly OsmRelation[] }): void {
  const parts = [frame('OSMHeader', headerBlock(x.bbox))];
  if (x.nodes.length) parts.push(frame('OSMData', denseBlock(x.nodes)));
  if (x.ways.length) parts.push(frame('OSMData', wayBlock(x.ways)));
  if (x.relations?.length) parts.push(frame('OSMData', relationBlock(x.relations)));
  writeFileSync(path, Buffer.concat(parts));
}
