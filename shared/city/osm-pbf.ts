/**
 * OpenStreetMap's PBF format, decoded without Node or the DOM: the file is a run of blobs,
 * each a 4-byte big-endian length, a BlobHeader and a Blob (raw or zlib-compressed). The
 * first is the OSMHeader; the rest are OSMData PrimitiveBlocks holding nodes (plain or
 * dense), ways and relations. Whoever reads the file frames it blob by blob (bounded
 * memory) and hands each one here with its inflater (node:zlib in Node).
 *
 * Every malformed input ends in an OsmPbfError with a code the importer shows in words:
 * not_osm (not an OSM PBF at all), truncated, corrupt, unsupported (a feature or a
 * compression this reader does not know), too_large (a blob over the format's limits).
 */
import { ProtoReader, ProtobufError, readUint32BE, readVarint } from './protobuf';

export type OsmPbfErrorCode = 'not_osm' | 'truncated' | 'corrupt' | 'unsupported' | 'too_large';
export class OsmPbfError extends Error {
  constructor(
    readonly code: OsmPbfErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The format's own limits (OSM wiki, PBF format): a header under 64 KiB, a blob under 32 MiB. */
export const MAX_BLOB_HEADER_BYTES = 64 * 1024;
export const MAX_BLOB_BYTES = 32 * 1024 * 1024;
/** What a reader must support to read the data at all; anything else in required_features refuses the file. */
const KNOWN_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'Sort.Type_then_ID', 'Sort.Geographic', 'LocationsOnWays']);

const corrupt = (what: string, e: unknown): OsmPbfError =>
  e instanceof OsmPbfError ? e : new OsmPbfError('corrupt', `${what}: ${e instanceof ProtobufError ? e.message : String(e)}`);

export type BlobHeader = { type: string; datasize: number };

/** The length of the BlobHeader that starts at a frame's 4 bytes. */
export function frameHeaderLength(first4: Uint8Array, offset: number): number {
  const n = readUint32BE(first4, 0);
  if (n === 0 || n > MAX_BLOB_HEADER_BYTES) {
    throw new OsmPbfError(offset === 0 ? 'not_osm' : 'corrupt', offset === 0 ? 'this is not an OpenStreetMap PBF file (it does not start with a blob header)' : `blob header length ${n} at byte ${offset} is outside the format's limits`);
  }
  return n;
}

// TextDecoder is in every runtime shared/ runs in (Node, Chromium, workers); shared/ is
// compiled without the DOM or Node typings, so it is declared here, as used.
declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(input: Uint8Array): string };
const decoder = new TextDecoder('utf-8', { fatal: false });

export function parseBlobHeader(bytes: Uint8Array, offset: number): BlobHeader {
  let type: string | null = null;
  let datasize: number | null = null;
  try {
    const r = new ProtoReader(bytes);
    for (let k = r.key(); k; k = r.key()) {
      if (k.field === 1 && k.wire === 2) type = decoder.decode(r.bytes());
      else if (k.field === 3 && k.wire === 0) datasize = r.varint();
      else r.skip(k.wire);
    }
  } catch (e) {
    throw offset === 0 ? new OsmPbfError('not_osm', 'this is not an OpenStreetMap PBF file (its first blob header does not decode)') : corrupt(`blob header at byte ${offset}`, e);
  }
  if (type === null || datasize === null) {
    throw new OsmPbfError(offset === 0 ? 'not_osm' : 'corrupt', offset === 0 ? 'this is not an OpenStreetMap PBF file (no OSMHeader)' : `blob header at byte ${offset} lacks its type or size`);
  }
  if (offset === 0 && type !== 'OSMHeader') throw new OsmPbfError('not_osm', `this is not an OpenStreetMap PBF file (it starts with a "${type.slice(0, 40)}" blob, not OSMHeader)`);
  if (datasize > MAX_BLOB_BYTES) throw new OsmPbfError('too_large', `a blob of ${datasize} bytes at byte ${offset}: the format allows ${MAX_BLOB_BYTES}`);
  return { type, datasize };
}

/** The blob's bytes, inflated. `inflate` gets the compressed bytes and the size they must inflate to. */
export function blobPayload(bytes: Uint8Array, offset: number, inflate: (data: Uint8Array, rawSize: number) => Uint8Array): Uint8Array {
  let raw: Uint8Array | null = null;
  let zlib: Uint8Array | null = null;
  let rawSize: number | null = null;
  let other: string | null = null;
  try {
    const r = new ProtoReader(bytes);
    for (let k = r.key(); k; k = r.key()) {
      if (k.field === 1 && k.wire === 2) raw = r.bytes();
      else if (k.field === 2 && k.wire === 0) rawSize = r.varint();
      else if (k.field === 3 && k.wire === 2) zlib = r.bytes();
      else if (k.wire === 2 && k.field >= 4 && k.field <= 7) {
        other = ({ 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' } as Record<number, string>)[k.field]!;
        r.skip(k.wire);
      } else r.skip(k.wire);
    }
  } catch (e) {
    throw corrupt(`blob at byte ${offset}`, e);
  }
  if (raw) return raw;
  if (zlib) {
    if (rawSize === null || rawSize > MAX_BLOB_BYTES) throw new OsmPbfError('corrupt', `blob at byte ${offset}: compressed without a usable raw size`);
    let out: Uint8Array;
    try {
      out = inflate(zlib, rawSize);
    } catch (e) {
      throw new OsmPbfError('corrupt', `blob at byte ${offset} does not inflate: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (out.length !== rawSize) throw new OsmPbfError('corrupt', `blob at byte ${offset} inflates to ${out.length} bytes, not the ${rawSize} it declares`);
    return out;
  }
  if (other) throw new OsmPbfError('unsupported', `blob at byte ${offset} is ${other}-compressed: re-export the extract with zlib (osmium cat -f pbf,pbf_compression=zlib)`);
  throw new OsmPbfError('corrupt', `blob at byte ${offset} holds no data`);
}

export type OsmHeader = { bbox: [number, number, number, number] | null; requiredFeatures: string[]; writingProgram: string | null };

/** The OSMHeader block: refuses a file that needs a feature this reader lacks (history files, for one). */
export function parseHeaderBlock(bytes: Uint8Array): OsmHeader {
  const required: string[] = [];
  let bbox: OsmHeader['bbox'] = null;
  let writingProgram: string | null = null;
  try {
    const r = new ProtoReader(bytes);
    for (let k = r.key(); k; k = r.key()) {
      if (k.field === 1 && k.wire === 2) {
        const [s, e] = r.lengthDelimited();
        const b = new ProtoReader(bytes, s, e);
        const v = [0, 0, 0, 0];
        for (let f = b.key(); f; f = b.key()) {
          if (f.wire === 0 && f.field >= 1 && f.field <= 4) v[f.field - 1] = b.svarint() / 1e9;
          else b.skip(f.wire);
        }
        // HeaderBBox: left, right, top, bottom.
        bbox = [v[0]!, v[3]!, v[1]!, v[2]!];
      } else if (k.field === 4 && k.wire === 2) required.push(decoder.decode(r.bytes()));
      else if (k.field === 16 && k.wire === 2) writingProgram = decoder.decode(r.bytes()).slice(0, 200);
      else r.skip(k.wire);
    }
  } catch (e) {
    throw corrupt('the OSMHeader block', e);
  }
  const unknown = required.filter((f) => !KNOWN_FEATURES.has(f));
  if (unknown.length > 0) throw new OsmPbfError('unsupported', `the file requires ${unknown.join(', ')}, which this reader does not support (a history file? use a plain extract)`);
  return { bbox, requiredFeatures: required, writingProgram };
}

export type OsmWay = { id: number; tags: Record<string, string>; refs: number[] };
export type OsmMemberType = 'node' | 'way' | 'relation';
export type OsmRelation = { id: number; tags: Record<string, string>; members: { type: OsmMemberType; ref: number; role: string }[] };

export type BlockVisitor = {
  way?: (way: OsmWay) => void;
  relation?: (relation: OsmRelation) => void;
  /** Every node's position (plain and dense), in degrees. */
  node?: (id: number, lon: number, lat: number) => void;
  /** Nodes that carry this (ASCII) key, e.g. 'place', with all their tags. */
  taggedNodeKey?: string;
  taggedNode?: (id: number, lon: number, lat: number, tags: Record<string, string>) => void;
};

/** One OSMData PrimitiveBlock: calls the visitor for what it wants. */
export function decodePrimitiveBlock(bytes: Uint8Array, offset: number, visit: BlockVisitor): void {
  try {
    decodeBlock(bytes, visit);
  } catch (e) {
    throw corrupt(`data block at byte ${offset}`, e);
  }
}

function decodeBlock(bytes: Uint8Array, visit: BlockVisitor): void {
  const r = new ProtoReader(bytes);
  let strings: [number, number][] = [];
  const groups: [number, number][] = [];
  let granularity = 100;
  let latOffset = 0;
  let lonOffset = 0;
  for (let k = r.key(); k; k = r.key()) {
    if (k.field === 1 && k.wire === 2) {
      const [s, e] = r.lengthDelimited();
      strings = stringTable(bytes, s, e);
    } else if (k.field === 2 && k.wire === 2) groups.push(r.lengthDelimited());
    else if (k.field === 17 && k.wire === 0) granularity = r.varint();
    else if (k.field === 19 && k.wire === 0) latOffset = r.int64();
    else if (k.field === 20 && k.wire === 0) lonOffset = r.int64();
    else r.skip(k.wire);
  }
  if (granularity <= 0) throw new ProtobufError('granularity must be positive');
  const cache: (string | undefined)[] = [];
  const str = (i: number): string => {
    const hit = cache[i];
    if (hit !== undefined) return hit;
    const range = strings[i];
    if (!range) throw new ProtobufError(`string ${i} is not in the block's string table (${strings.length})`);
    return (cache[i] = decoder.decode(bytes.subarray(range[0], range[1])));
  };
  // The key's index in this block, found by its bytes: no string is decoded to look for it.
  const nodeKeyIndex = visit.taggedNode && visit.taggedNodeKey !== undefined ? indexOfAscii(bytes, strings, visit.taggedNodeKey) : -1;
  const tagsOf = (keys: readonly number[], vals: readonly number[]): Record<string, string> => {
    const tags: Record<string, string> = {};
    for (let i = 0; i < keys.length; i++) tags[str(keys[i]!)] = str(vals[i]!);
    return tags;
  };
  const lon = (v: number) => (lonOffset + granularity * v) / 1e9;
  const lat = (v: number) => (latOffset + granularity * v) / 1e9;

  for (const [gs, ge] of groups) {
    const g = new ProtoReader(bytes, gs, ge);
    for (let k = g.key(); k; k = g.key()) {
      if (k.field === 1 && k.wire === 2 && (visit.node || visit.taggedNode)) {
        // A plain node: id, lat, lon, tags (info ignored).
        const [s, e] = g.lengthDelimited();
        const n = new ProtoReader(bytes, s, e);
        let id = 0;
        let la = 0;
        let lo = 0;
        const keys: number[] = [];
        const vals: number[] = [];
        for (let f = n.key(); f; f = n.key()) {
          if (f.field === 1 && f.wire === 0) id = n.svarint();
          else if (f.field === 2) n.packed(f.wire, keys, readVarint);
          else if (f.field === 3) n.packed(f.wire, vals, readVarint);
          else if (f.field === 8 && f.wire === 0) la = n.svarint();
          else if (f.field === 9 && f.wire === 0) lo = n.svarint();
          else n.skip(f.wire);
        }
        visit.node?.(id, lon(lo), lat(la));
        if (visit.taggedNode && nodeKeyIndex >= 0 && keys.includes(nodeKeyIndex)) {
          if (keys.length !== vals.length) throw new ProtobufError(`node ${id}: ${keys.length} keys and ${vals.length} values`);
          visit.taggedNode(id, lon(lo), lat(la), tagsOf(keys, vals));
        }
      } else if (k.field === 2 && k.wire === 2 && (visit.node || visit.taggedNode)) {
        const [s, e] = g.lengthDelimited();
        const tagged = visit.taggedNode && nodeKeyIndex >= 0 ? visit.taggedNode : null;
        denseNodes(bytes, s, e, (id, lo, la, kv) => {
          visit.node?.(id, lon(lo), lat(la));
          if (tagged && kv && kv.keys.includes(nodeKeyIndex)) tagged(id, lon(lo), lat(la), tagsOf(kv.keys, kv.vals));
        }, tagged !== null);
      } else if (k.field === 3 && k.wire === 2 && visit.way) {
        const [s, e] = g.lengthDelimited();
        visit.way(decodeWay(bytes, s, e, tagsOf));
      } else if (k.field === 4 && k.wire === 2 && visit.relation) {
        const [s, e] = g.lengthDelimited();
        visit.relation(decodeRelation(bytes, s, e, tagsOf, str));
      } else g.skip(k.wire);
    }
  }
}

function stringTable(bytes: Uint8Array, s: number, e: number): [number, number][] {
  const out: [number, number][] = [];
  const r = new ProtoReader(bytes, s, e);
  for (let k = r.key(); k; k = r.key()) {
    if (k.field === 1 && k.wire === 2) out.push(r.lengthDelimited());
    else r.skip(k.wire);
  }
  return out;
}

type DenseTags = { keys: number[]; vals: number[] };

/** Dense nodes; with `withTags`, each node's tags from keys_vals (pairs of string indexes, 0 ends a node's). */
function denseNodes(bytes: Uint8Array, s: number, e: number, each: (id: number, lon: number, lat: number, tags: DenseTags | null) => void, withTags = false): void {
  const r = new ProtoReader(bytes, s, e);
  let ids: ProtoReader | null = null;
  let lats: ProtoReader | null = null;
  let lons: ProtoReader | null = null;
  let kv: ProtoReader | null = null;
  for (let k = r.key(); k; k = r.key()) {
    if (k.wire === 2 && (k.field === 1 || k.field === 8 || k.field === 9 || k.field === 10)) {
      const [a, b] = r.lengthDelimited();
      const inner = new ProtoReader(bytes, a, b);
      if (k.field === 1) ids = inner;
      else if (k.field === 8) lats = inner;
      else if (k.field === 9) lons = inner;
      else kv = inner;
    } else r.skip(k.wire);
  }
  const tags: DenseTags = { keys: [], vals: [] };
  const nextTags = (): DenseTags | null => {
    if (!withTags || !kv) return null;
    tags.keys.length = 0;
    tags.vals.length = 0;
    while (!kv.done) {
      const key = kv.varint();
      if (key === 0) break;
      if (kv.done) throw new ProtobufError('dense nodes: a key without its value');
      tags.keys.push(key);
      tags.vals.push(kv.varint());
    }
    return tags;
  };
  if (!ids) return;
  if (!lats || !lons) throw new ProtobufError('dense nodes without coordinates');
  let id = 0;
  let la = 0;
  let lo = 0;
  while (!ids.done) {
    if (lats.done || lons.done) throw new ProtobufError('dense nodes: fewer coordinates than ids');
    id += ids.svarint();
    la += lats.svarint();
    lo += lons.svarint();
    each(id, lo, la, nextTags());
  }
}

function decodeWay(bytes: Uint8Array, s: number, e: number, tagsOf: (keys: readonly number[], vals: readonly number[]) => Record<string, string>): OsmWay {
  const r = new ProtoReader(bytes, s, e);
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  let refs: [number, number] | null = null;
  for (let k = r.key(); k; k = r.key()) {
    if (k.field === 1 && k.wire === 0) id = r.int64();
    else if (k.field === 2) r.packed(k.wire, keys, readVarint);
    else if (k.field === 3) r.packed(k.wire, vals, readVarint);
    else if (k.field === 8 && k.wire === 2) refs = r.lengthDelimited();
    else r.skip(k.wire);
  }
  if (keys.length !== vals.length) throw new ProtobufError(`way ${id}: ${keys.length} keys and ${vals.length} values`);
  const tags = tagsOf(keys, vals);
  return { id, tags, refs: refs ? deltaCoded(bytes, refs) : [] };
}

/** Packed sint64 ids, each stored as the difference from the one before (a way's nodes, a relation's members). */
function deltaCoded(bytes: Uint8Array, [s, e]: [number, number]): number[] {
  const out: number[] = [];
  const d = new ProtoReader(bytes, s, e);
  let id = 0;
  while (!d.done) out.push((id += d.svarint()));
  return out;
}

const MEMBER_TYPES: readonly OsmMemberType[] = ['node', 'way', 'relation'];

/** A relation: id, tags, and its members (roles by string index, ids delta-coded, types 0 node, 1 way, 2 relation). */
function decodeRelation(
  bytes: Uint8Array,
  s: number,
  e: number,
  tagsOf: (keys: readonly number[], vals: readonly number[]) => Record<string, string>,
  str: (i: number) => string,
): OsmRelation {
  const r = new ProtoReader(bytes, s, e);
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  const roles: number[] = [];
  let memids: number[] = [];
  const types: number[] = [];
  for (let k = r.key(); k; k = r.key()) {
    if (k.field === 1 && k.wire === 0) id = r.int64();
    else if (k.field === 2) r.packed(k.wire, keys, readVarint);
    else if (k.field === 3) r.packed(k.wire, vals, readVarint);
    else if (k.field === 8) r.packed(k.wire, roles, readVarint);
    else if (k.field === 9 && k.wire === 2) memids = deltaCoded(bytes, r.lengthDelimited());
    else if (k.field === 10) r.packed(k.wire, types, readVarint);
    else r.skip(k.wire);
  }
  if (keys.length !== vals.length) throw new ProtobufError(`relation ${id}: ${keys.length} keys and ${vals.length} values`);
  if (roles.length !== memids.length || types.length !== memids.length) throw new ProtobufError(`relation ${id}: ${memids.length} members, ${roles.length} roles and ${types.length} types`);
  const members = memids.map((ref, i) => {
    const type = MEMBER_TYPES[types[i]!];
    if (!type) throw new ProtobufError(`relation ${id}: member type ${types[i]} is not node, way or relation`);
    return { type, ref, role: str(roles[i]!) };
  });
  return { id, tags: tagsOf(keys, vals), members };
}

/** Index of an ASCII key in a block's string table, compared byte for byte; -1 when absent. */
function indexOfAscii(bytes: Uint8Array, strings: readonly [number, number][], key: string): number {
  outer: for (let i = 0; i < strings.length; i++) {
    const [s, e] = strings[i]!;
    if (e - s !== key.length) continue;
    for (let j = 0; j < key.length; j++) if (bytes[s + j] !== key.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

