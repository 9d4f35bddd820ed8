/**
 * A division's sites (depots, quick-pick points, police stations) for an imported city, from a CSV or a
 * GeoJSON file an administrator prepared. Every row is checked: its columns, its kind, its
 * coordinates (numbers, on the earth, inside the city's roads), its id (unique). A file with
 * any bad row is refused whole, with the first problems by line, so nothing half-imports.
 *
 * CSV: a header naming at least id, kind, name, lon, lat (nameEn, address optional), UTF-8
 * (a BOM is fine), comma-separated, RFC 4180 quoting. GeoJSON: a FeatureCollection of Points
 * whose properties carry id, kind, name (nameEn, address optional). Kinds: central, regional,
 * quickpick, station; at least one site must hold stock (a station never does).
 */
import { isSupplySite, SITE_KINDS, siteSchema, type Site } from '../sites/schema';

export class SitesFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`the sites file was refused: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  }
}

/** Furthest a site may stand outside the roads' bounds (a depot at the edge of the extract). */
export const SITE_MARGIN_DEG = 0.01;
const MAX_SITES = 5000;

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new SitesFileError(['a quoted field is never closed']);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

type Raw = { where: string; id: unknown; kind: unknown; name: unknown; nameEn: unknown; address: unknown; lon: unknown; lat: unknown };

function fromCsv(text: string): Raw[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new SitesFileError(['the file is empty']);
  const header = rows[0]!.map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const missing = ['id', 'kind', 'name', 'lon', 'lat'].filter((c) => col(c) < 0);
  if (missing.length > 0) throw new SitesFileError([`the header lacks ${missing.join(', ')} (it has ${header.join(', ').slice(0, 200)})`]);
  return rows.slice(1).map((r, i) => {
    const get = (name: string) => (col(name) >= 0 ? (r[col(name)] ?? '').trim() : undefined);
    const num = (name: string) => {
      const v = get(name) ?? '';
      return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    };
    return { where: `line ${i + 2}`, id: get('id'), kind: get('kind'), name: get('name'), nameEn: get('nameEn'), address: get('address'), lon: num('lon'), lat: num('lat') };
  });
}

function fromGeoJson(json: unknown): Raw[] {
  const fc = json as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new SitesFileError(['a GeoJSON sites file is a FeatureCollection']);
  return fc.features.map((f: { geometry?: { type?: unknown; coordinates?: unknown }; properties?: Record<string, unknown> | null }, i) => {
    const where = `feature ${i + 1}`;
    const p = f?.properties ?? {};
    const c = f?.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates) ? (f.geometry.coordinates as unknown[]) : [];
    return { where, id: p.id, kind: p.kind, name: p.name, nameEn: p.nameEn, address: p.address, lon: c[0], lat: c[1] };
  });
}

/**
 * The sites of a file (CSV or GeoJSON, told apart by its first character), each checked
 * against the city's bounds [w, s, e, n]. Throws SitesFileError naming every bad row.
 */
export function parseSitesFile(text: string, bounds: readonly [number, number, number, number]): Site[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let raw: Raw[];
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw new SitesFileError([`not valid JSON: ${(e as Error).message}`]);
    }
    raw = fromGeoJson(json);
  } else raw = fromCsv(text);
  if (raw.length === 0) throw new SitesFileError(['no sites in the file']);
  if (raw.length > MAX_SITES) throw new SitesFileError([`${raw.length} sites: at most ${MAX_SITES}`]);
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const sites: Site[] = [];
  const [w, s, e, n] = bounds;
  for (const r of raw) {
    if (typeof r.lon !== 'number' || typeof r.lat !== 'number' || !Number.isFinite(r.lon) || !Number.isFinite(r.lat)) {
      problems.push(`${r.where}: coordinates ${JSON.stringify(String(r.lon ?? '')).slice(0, 30)}, ${JSON.stringify(String(r.lat ?? '')).slice(0, 30)} are not numbers (lon, lat in degrees)`);
      continue;
    }
    if (Math.abs(r.lon) > 180 || Math.abs(r.lat) > 90) {
      problems.push(`${r.where}: ${r.lon}, ${r.lat} is not on the earth (lon first, then lat)`);
      continue;
    }
    if (r.lon < w - SITE_MARGIN_DEG || r.lon > e + SITE_MARGIN_DEG || r.lat < s - SITE_MARGIN_DEG || r.lat > n + SITE_MARGIN_DEG) {
      problems.push(`${r.where}: ${r.lon}, ${r.lat} is outside the city (${w.toFixed(4)}–${e.toFixed(4)} E, ${s.toFixed(4)}–${n.toFixed(4)} N)`);
      continue;
    }
    if (typeof r.kind === 'string' && !(SITE_KINDS as readonly string[]).includes(r.kind)) {
      problems.push(`${r.where}: kind ${JSON.stringify(r.kind.slice(0, 30))} is not one of ${SITE_KINDS.join(', ')}`);
      continue;
    }
    const parsed = siteSchema.safeParse({
      id: r.id,
      kind: r.kind,
      name: r.name,
      nameEn: typeof r.nameEn === 'string' && r.nameEn !== '' ? r.nameEn : r.name,
      address: typeof r.address === 'string' ? r.address : '',
      lon: r.lon,
      lat: r.lat,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(`${r.where}: ${issue.path.join('.') || 'row'}: ${issue.message}`);
      continue;
    }
    const first = seen.get(parsed.data.id);
    if (first) {
      problems.push(`${r.where}: id ${parsed.data.id} was used before (${first})`);
      continue;
    }
    seen.set(parsed.data.id, r.where);
    sites.push(parsed.data);
  }
  if (problems.length > 0) throw new SitesFileError(problems);
  if (!sites.some(isSupplySite)) throw new SitesFileError(['only police stations: at least one depot or quick-pick point is needed, to hold the stock and base the vehicles']);
  return sites;
}
