import { DOMParser, type Element } from '@xmldom/xmldom';
import type { TileFormat } from '../../../shared/map/source';

/**
 * A WMTS service's capabilities, read for what the board can draw: a layer in a Web-Mercator
 * tile matrix set (EPSG:3857 and its aliases, the scale set of Google Maps compatible tiles),
 * as PNG/JPEG/WebP or vector tiles, by KVP (GetTile on the operation's address) or REST (the
 * layer's ResourceURL template). maplibre draws Web Mercator only: a geographic matrix set
 * (EPSG:4326, CGCS2000's EPSG:4490, common on PGIS) is named as such in the refusal, so the
 * administrator can ask the map service for its Web-Mercator set.
 */
export class WmtsError extends Error {
  constructor(
    readonly problem: 'bad_capabilities' | 'no_layer',
    message: string,
  ) {
    super(message);
  }
}

export type WmtsTiles = {
  layer: string;
  title: string;
  matrixSet: string;
  style: string;
  mime: string;
  format: TileFormat;
  /** The service's tile matrix identifier for each zoom level it has. */
  matrixOfZoom: Map<number, string>;
  minzoom: number;
  maxzoom: number;
  tileSize: number;
  /** [west, south, east, north] from the layer's WGS84BoundingBox, when it has one. */
  bounds: [number, number, number, number] | null;
  tileUrl(z: number, x: number, y: number): string | null;
  /** KVP or REST: how the tiles are asked for. */
  encoding: 'kvp' | 'rest';
};

const OWS = 'http://www.opengis.net/ows/1.1';
const WMTS = 'http://www.opengis.net/wmts/1.0';

/** Web Mercator's scale denominator at zoom 0 for 256-pixel tiles (OGC's 0.28 mm pixel). */
const SCALE_Z0 = 559082264.0287178;
const MERC_MAX = 20037508.342789244;
const WEB_MERCATOR = /(^|[^0-9])(3857|900913|3785|102100|102113)$/;

const children = (el: Element, ns: string, local: string): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === ns) out.push(n as Element);
  }
  return out;
};
const child = (el: Element, ns: string, local: string) => children(el, ns, local)[0] ?? null;
const text = (el: Element | null) => (el?.textContent ?? '').trim();

const MIME_FORMAT: [RegExp, TileFormat][] = [
  [/^image\/(png|jpe?g|webp)/i, 'raster'],
  [/(mapbox-vector-tile|vnd\.mapbox|application\/x-protobuf|application\/vnd\.mvt|pbf)/i, 'vector'],
];
const formatOf = (mime: string): TileFormat | null => MIME_FORMAT.find(([re]) => re.test(mime))?.[1] ?? null;

type MatrixSet = { id: string; crs: string; zooms: Map<number, string>; tileSize: number; why: string | null };

function readMatrixSet(el: Element): MatrixSet {
  const id = text(child(el, OWS, 'Identifier'));
  const crs = text(child(el, OWS, 'SupportedCRS'));
  const zooms = new Map<number, string>();
  let tileSize = 256;
  if (!WEB_MERCATOR.test(crs.replace(/::/g, ':'))) {
    return { id, crs, zooms, tileSize, why: `tile matrix set ${id} is in ${crs || 'no stated CRS'}, not Web Mercator (EPSG:3857)` };
  }
  for (const m of children(el, WMTS, 'TileMatrix')) {
    const mid = text(child(m, OWS, 'Identifier'));
    const scale = Number(text(child(m, WMTS, 'ScaleDenominator')));
    const width = Number(text(child(m, WMTS, 'TileWidth')) || 256);
    const corner = text(child(m, WMTS, 'TopLeftCorner')).split(/\s+/).map(Number);
    if (!Number.isFinite(scale) || scale <= 0) continue;
    // The zoom whose 256-px scale this is (a 512-px matrix at scale s is zoom z+1's pixels).
    const z = Math.log2((SCALE_Z0 * (256 / width)) / scale);
    const zi = Math.round(z);
    if (Math.abs(z - zi) > 0.01 || zi < 0 || zi > 24) continue;
    // The top-left corner must be the world's (either axis order).
    const [a = NaN, b = NaN] = corner;
    const okCorner = (Math.abs(a + MERC_MAX) < 1 && Math.abs(b - MERC_MAX) < 1) || (Math.abs(b + MERC_MAX) < 1 && Math.abs(a - MERC_MAX) < 1);
    if (!okCorner) continue;
    tileSize = width;
    zooms.set(zi, mid);
  }
  return { id, crs, zooms, tileSize, why: zooms.size ? null : `tile matrix set ${id} has no tile matrix on the Web-Mercator scale set` };
}

/** Reads the capabilities and picks the layer (by identifier, or the first usable). */
export function parseWmtsCapabilities(xml: string, capabilitiesUrl: string, wantLayer = ''): WmtsTiles {
  let doc;
  const errors: string[] = [];
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(xml, 'text/xml');
  } catch (e) {
    throw new WmtsError('bad_capabilities', `not an XML document: ${(e as Error).message.slice(0, 200)}`);
  }
  const root = doc.documentElement;
  if (!root || errors.length || root.localName !== 'Capabilities' || root.namespaceURI !== WMTS) {
    const what = root ? `<${root.localName}>` : 'nothing';
    throw new WmtsError('bad_capabilities', `not a WMTS capabilities document (found ${what}${errors.length ? `; ${errors[0]!.slice(0, 120)}` : ''})`);
  }
  const contents = child(root, WMTS, 'Contents');
  if (!contents) throw new WmtsError('no_layer', 'the capabilities list no Contents (no layers)');
  const sets = new Map(children(contents, WMTS, 'TileMatrixSet').map((el) => { const s = readMatrixSet(el); return [s.id, s] as const; }));

  // KVP: the GetTile operation's GET address.
  let kvpHref: string | null = null;
  const ops = child(root, OWS, 'OperationsMetadata');
  for (const op of ops ? children(ops, OWS, 'Operation') : []) {
    if (op.getAttribute('name') !== 'GetTile') continue;
    for (const dcp of children(op, OWS, 'DCP')) {
      const http = child(dcp, OWS, 'HTTP');
      for (const get of http ? children(http, OWS, 'Get') : []) {
        const constraint = text(get);
        if (/restful/i.test(constraint) && !/kvp/i.test(constraint)) continue;
        kvpHref = get.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || get.getAttribute('xlink:href') || kvpHref;
      }
    }
  }

  const layers = children(contents, WMTS, 'Layer');
  if (!layers.length) throw new WmtsError('no_layer', 'the capabilities list no layers');
  const why: string[] = [];
  for (const layer of layers) {
    const id = text(child(layer, OWS, 'Identifier'));
    if (wantLayer && id !== wantLayer) continue;
    const resources = children(layer, WMTS, 'ResourceURL').filter((r) => (r.getAttribute('resourceType') || 'tile') === 'tile');
    const formats = [...children(layer, WMTS, 'Format').map(text), ...resources.map((r) => r.getAttribute('format') ?? '')].filter(Boolean);
    const mime = formats.find((f) => formatOf(f) === 'raster') ?? formats.find((f) => formatOf(f) === 'vector');
    if (!mime) {
      why.push(`${id}: no PNG, JPEG, WebP or vector tile format (offers ${formats.join(', ') || 'none'})`);
      continue;
    }
    const links = children(layer, WMTS, 'TileMatrixSetLink').map((l) => text(child(l, WMTS, 'TileMatrixSet')));
    const set = links.map((l) => sets.get(l)).find((s) => s && !s.why);
    if (!set) {
      const reasons = links.map((l) => sets.get(l)?.why ?? `tile matrix set ${l} is not described`);
      why.push(`${id}: ${reasons.join('; ') || 'no tile matrix set'}`);
      continue;
    }
    const styles = children(layer, WMTS, 'Style');
    const chosen = styles.find((s) => s.getAttribute('isDefault') === 'true') ?? styles[0];
    const style = (chosen && text(child(chosen, OWS, 'Identifier'))) || 'default';
    const dims = new Map<string, string>();
    for (const d of children(layer, WMTS, 'Dimension')) dims.set(text(child(d, OWS, 'Identifier')), text(child(d, WMTS, 'Default')));
    const rest = resources.find((r) => (r.getAttribute('format') ?? '') === mime) ?? resources[0];
    const bbox = child(layer, OWS, 'WGS84BoundingBox');
    const lower = text(bbox && child(bbox, OWS, 'LowerCorner')).split(/\s+/).map(Number);
    const upper = text(bbox && child(bbox, OWS, 'UpperCorner')).split(/\s+/).map(Number);
    const bounds = lower.length === 2 && upper.length === 2 && [...lower, ...upper].every(Number.isFinite) ? ([lower[0]!, lower[1]!, upper[0]!, upper[1]!] as [number, number, number, number]) : null;
    const zs = [...set.zooms.keys()].sort((a, b) => a - b);
    const base = capabilitiesUrl;
    let tileUrl: WmtsTiles['tileUrl'];
    let encoding: WmtsTiles['encoding'];
    if (rest?.getAttribute('template')) {
      encoding = 'rest';
      const template = new URL(rest.getAttribute('template')!, base).toString().replace(/%7B/gi, '{').replace(/%7D/gi, '}');
      tileUrl = (z, x, y) => {
        const m = set.zooms.get(z);
        if (m === undefined) return null;
        let u = template.replaceAll('{TileMatrixSet}', encodeURIComponent(set.id)).replaceAll('{TileMatrix}', encodeURIComponent(m)).replaceAll('{TileRow}', String(y)).replaceAll('{TileCol}', String(x)).replaceAll('{Style}', encodeURIComponent(style));
        for (const [k, v] of dims) u = u.replaceAll(`{${k}}`, encodeURIComponent(v));
        return u;
      };
    } else if (kvpHref) {
      encoding = 'kvp';
      const href = new URL(kvpHref, base);
      tileUrl = (z, x, y) => {
        const m = set.zooms.get(z);
        if (m === undefined) return null;
        const u = new URL(href);
        const q: [string, string][] = [['SERVICE', 'WMTS'], ['REQUEST', 'GetTile'], ['VERSION', '1.0.0'], ['LAYER', id], ['STYLE', style], ['FORMAT', mime], ['TILEMATRIXSET', set.id], ['TILEMATRIX', m], ['TILEROW', String(y)], ['TILECOL', String(x)], ...[...dims].map(([k, v]) => [k, v] as [string, string])];
        for (const [k, v] of q) u.searchParams.set(k, v);
        return u.toString();
      };
    } else {
      why.push(`${id}: neither a REST ResourceURL nor a KVP GetTile address`);
      continue;
    }
    return {
      layer: id,
      title: text(child(layer, OWS, 'Title')) || id,
      matrixSet: set.id,
      style,
      mime,
      format: formatOf(mime)!,
      matrixOfZoom: set.zooms,
      minzoom: zs[0]!,
      maxzoom: zs[zs.length - 1]!,
      tileSize: set.tileSize,
      bounds,
      tileUrl,
      encoding,
    };
  }
  if (wantLayer && !why.length) {
    throw new WmtsError('no_layer', `no layer ${JSON.stringify(wantLayer)}; the service has ${layers.map((l) => text(child(l, OWS, 'Identifier'))).join(', ')}`);
  }
  throw new WmtsError('no_layer', `no layer the board can draw: ${why.join(' | ').slice(0, 400)}`);
}
