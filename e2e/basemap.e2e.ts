/**
 * The department's own map service under the board (Settings → Base map): a GCJ-02 raster
 * XYZ service, as most Chinese map services are, served by a local test server for a town in
 * Shenzhen imported from an extract. The board converts what it draws, so a vehicle parked on a
 * road is drawn on that road of the raster, not 600 m beside it; and offline PMTiles and
 * MBTiles packages of the same raster load through the board's tile protocol.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { expect, test, type Page } from '@playwright/test';
import gcoord from 'gcoord';
import { resolveCityDir } from '../city/city-store';
import { importCity } from '../city/import-city';
import { writeOsmPbf, type OsmNode } from '../city/osm-pbf-writer';
import { encodePng } from '../electron/backend/map/testing/png';
import { TileType, writePmtiles } from '../electron/backend/map/testing/pmtiles-writer';
import type { OsmWay } from '../shared/city/osm-pbf';
import type { MethodResult } from '../shared/board-api';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';

/** The town: a cross of two avenues in Futian, a ring road round it, all in WGS-84 (as OSM is). */
const W = 114.04;
const E = 114.07;
const S = 22.528;
const N = 22.552;
const X = 114.055; // the north–south avenue
const Y = 22.54; // the east–west avenue
const SITES = [
  'id,kind,name,nameEn,lon,lat',
  `sz-central,central,福田中心库,Futian Central Depot,${X + 0.0004},${Y + 0.0002}`,
  `sz-west,regional,西区区域库,West Regional Depot,${W},${S + 0.006}`,
  `sz-qp1,quickpick,快取点01·东北角,Quick-pick 01,${E},${N - 0.004}`,
].join('\n');

function writeTown(path: string) {
  const nodes: OsmNode[] = [];
  let id = 1;
  const line = (from: [number, number], to: [number, number], steps: number): number[] =>
    Array.from({ length: steps + 1 }, (_, i) => {
      nodes.push({ id, lon: from[0] + ((to[0] - from[0]) * i) / steps, lat: from[1] + ((to[1] - from[1]) * i) / steps, tags: null });
      return id++;
    });
  const avenueEW = line([W, Y], [E, Y], 30);
  const avenueNS = line([X, S], [X, N], 24);
  // The cross shares its middle node: the avenues meet.
  const mid = avenueEW[15]!;
  avenueNS[12] = mid;
  const ring = [...line([W, S], [E, S], 30), ...line([E, S + 0.001], [E, N], 23), ...line([E - 0.001, N], [W, N], 29), ...line([W, N - 0.001], [W, S + 0.001], 22)];
  // The avenues end on the ring.
  const ends = (ids: number[], a: number, b: number) => [a, ...ids.slice(1, -1), b];
  const wayEW = ends(avenueEW, ring.find((n) => nodes[n - 1]!.lon === W && Math.abs(nodes[n - 1]!.lat - Y) < 0.0006) ?? avenueEW[0]!, ring.find((n) => nodes[n - 1]!.lon === E && Math.abs(nodes[n - 1]!.lat - Y) < 0.0006) ?? avenueEW.at(-1)!);
  const ways: OsmWay[] = [
    { id: 1, tags: { highway: 'primary', name: '深南大道' }, refs: wayEW },
    { id: 2, tags: { highway: 'primary', name: '彩田路' }, refs: avenueNS },
    { id: 3, tags: { highway: 'secondary', name: '环城路' }, refs: [...ring, ring[0]!] },
  ];
  writeOsmPbf(path, { bbox: [W - 0.002, S - 0.002, E + 0.002, N + 0.002], nodes, ways });
}

/** The raster a GCJ-02 map service draws: the town's roads where GCJ-02 puts them, yellow on grey. */
const ROAD: [number, number, number] = [255, 214, 0];
const GROUND: [number, number, number] = [58, 60, 66];
function rasterTile(roads: [number, number][][], z: number, x: number, y: number): Buffer {
  const size = 256;
  const px = new Uint8Array(size * size * 4);
  for (let i = 0; i < px.length; i += 4) px.set([...GROUND, 255], i);
  const world = (lon: number, lat: number): [number, number] => {
    const [gl, gt] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const n = 256 * 2 ** z;
    const r = (gt * Math.PI) / 180;
    return [((gl + 180) / 360) * n - x * 256, ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n - y * 256];
  };
  const dot = (cx: number, cy: number) => {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const ix = Math.round(cx + dx);
        const iy = Math.round(cy + dy);
        if (ix >= 0 && iy >= 0 && ix < size && iy < size && dx * dx + dy * dy <= 5) px.set([...ROAD, 255], (iy * size + ix) * 4);
      }
    }
  };
  for (const way of roads) {
    for (let i = 1; i < way.length; i++) {
      const [ax, ay] = world(...way[i - 1]!);
      const [bx, by] = world(...way[i]!);
      const steps = Math.ceil(Math.hypot(bx - ax, by - ay) * 2);
      if (Math.max(ax, bx) < -4 || Math.min(ax, bx) > size + 4 || Math.max(ay, by) < -4 || Math.min(ay, by) > size + 4) continue;
      for (let s = 0; s <= steps; s++) dot(ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps);
    }
  }
  return encodePng(size, size, px);
}

let dir = '';
let stack: Stack | null = null;
let tiles: Server | null = null;
test.afterAll(async () => {
  await stack?.close();
  if (tiles) await new Promise((r) => tiles!.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a vehicle drawn over a GCJ-02 raster service sits on its road; offline PMTiles and MBTiles packages load too', async ({ page }) => {
  test.setTimeout(150_000);
  dir = mkdtempSync(join(tmpdir(), 'jb-e2e-basemap-'));
  const pbf = join(dir, 'futian.osm.pbf');
  writeTown(pbf);
  const summary = importCity({ file: pbf, dir, name: 'futian', sitesText: SITES, vehicles: 8 });
  expect(summary).toMatchObject({ roads: 3, sites: 3, vehicles: 8 });
  const cityDir = resolveCityDir('futian', dir);
  const roads = (JSON.parse(readFileSync(join(cityDir, 'roads.json'), 'utf8')) as { ways: { coords: [number, number][] }[] }).ways.map((w) => w.coords);

  const asked: string[] = [];
  tiles = createServer((req, res) => {
    const m = /^\/gcj\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    asked.push(req.url!);
    res.writeHead(200, { 'content-type': 'image/png' }).end(rasterTile(roads, Number(m[1]), Number(m[2]), Number(m[3])));
  });
  await new Promise<void>((r) => tiles!.listen(0, '127.0.0.1', r));
  const tileUrl = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/gcj/{z}/{x}/{y}.png`;

  // The simulator's clock runs slowly: parked vans stay parked while the screenshots are taken.
  stack = await startStack('basemap', { central: { cityDir, tickMs: 1000 }, backend: { baseMapPath: join(cityDir, 'basemap.mbtiles') } });
  const board = new BoardPage(page);
  await board.open(stack.host.boardUrl, 'supervisor');

  // Settings → Base map, keyboard and pointer as a shift leader would: XYZ raster, GCJ-02, check, use.
  await board.testId('settings-button').click();
  const form = board.testId('basemap-settings');
  await expect(board.testId('basemap-inuse')).toContainText('本市离线地图');
  await board.testId('basemap-kind').selectOption('xyz');
  await board.testId('basemap-url').fill(tileUrl.replace('/gcj/', '/nothing/'));
  await board.testId('basemap-crs').selectOption('gcj02');
  await board.testId('basemap-check').click();
  // A wrong address is found out before it is used.
  await expect(board.testId('basemap-result')).toHaveAttribute('data-ok', 'false');
  await expect(board.testId('basemap-result')).toContainText('本市中心没有瓦片');
  await board.testId('basemap-url').fill(tileUrl);
  await board.testId('basemap-check').click();
  await expect(board.testId('basemap-result')).toHaveAttribute('data-ok', 'true');
  await expect(board.testId('basemap-result')).toContainText('PNG');
  await expect(board.testId('basemap-result')).toContainText('GCJ-02');
  await page.screenshot({ path: 'test-results/screens/basemap-settings.png' });
  await board.testId('basemap-use').click();
  await expect(board.testId('basemap-result')).toContainText('已启用');
  await expect(form).toBeVisible();
  await page.keyboard.press('Escape');

  // The map was made again on the new source: raster, GCJ-02.
  await expect.poll(() => page.evaluate(() => window.__jingbaoTest!.map?.getStyle()?.sources.base?.type), { timeout: 15_000 }).toBe('raster');
  await page.waitForFunction(() => window.__jingbaoTest!.ready && window.__jingbaoTest!.map!.loaded());

  // A van parked at the central depot (vans wait at their depot until sent).
  const snap = (await stack.backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
  const van = snap.vehicles.find((v) => v.kind === 'van' && v.status === 'available' && v.homeSiteId === 'sz-central');
  expect(van, 'a van based at the central depot').toBeTruthy();
  const at = (await board.vehiclePosition(van!.no))!;
  expect(at).toBeTruthy();
  // Close up on it, with only the vehicles over the raster (names and site marks off).
  await page.evaluate((center) => window.__jingbaoTest!.map!.jumpTo({ center, zoom: 16 }), toGcj(at.lon, at.lat));
  for (const id of ['labels', 'depots', 'quickpicks']) await board.toggleLayer(id);
  await page.waitForFunction(() => window.__jingbaoTest!.map!.areTilesLoaded());
  await page.waitForTimeout(600);
  await page.screenshot({ path: 'test-results/screens/basemap-gcj02-vehicle.png' });
  await board.snapshot('with');
  const drawnAt = await board.project(at.lon, at.lat);
  await board.toggleLayer('vehicles');
  await page.waitForTimeout(400);
  await board.snapshot('without');
  await board.toggleLayer('vehicles');

  const measured = await page.evaluate(
    ([cx, cy, road, rawX, rawY]) => {
      const px = (window as unknown as { __px: Record<string, ImageData> }).__px;
      const A = px.with!;
      const B = px.without!;
      const dpr = A.width / window.innerWidth;
      // The van's icon: what changed round its drawn place when the vehicles went off.
      let sx = 0;
      let sy = 0;
      let n = 0;
      for (let y = Math.round((cy! - 30) * dpr); y < (cy! + 30) * dpr; y++) {
        for (let x = Math.round((cx! - 30) * dpr); x < (cx! + 30) * dpr; x++) {
          const i = (y * A.width + x) * 4;
          if (Math.abs(A.data[i]! - B.data[i]!) + Math.abs(A.data[i + 1]! - B.data[i + 1]!) + Math.abs(A.data[i + 2]! - B.data[i + 2]!) > 60) {
            sx += x;
            sy += y;
            n++;
          }
        }
      }
      const icon = n ? { x: sx / n / dpr, y: sy / n / dpr, pixels: n } : null;
      // Road pixels of the raster (no vehicle drawn) within r CSS px of a point.
      const roadNear = (x0: number, y0: number, r: number) => {
        let hits = 0;
        for (let y = Math.round((y0 - r) * dpr); y <= (y0 + r) * dpr; y++) {
          for (let x = Math.round((x0 - r) * dpr); x <= (x0 + r) * dpr; x++) {
            const i = (y * B.width + x) * 4;
            // The yellow of the raster's roads (dimmed by the style, still far from the grey ground).
            if (B.data[i]! - B.data[i + 2]! > 90 && B.data[i + 1]! - B.data[i + 2]! > 70) hits++;
          }
        }
        return hits;
      };
      return {
        icon,
        roadAtIcon: icon ? roadNear(icon.x, icon.y, 4) : 0,
        roadAtRaw: roadNear(rawX!, rawY!, 12),
        roadShare: roadNear(window.innerWidth / 2, window.innerHeight / 2, Math.min(window.innerWidth, window.innerHeight) / 2 - 2),
        road,
      };
    },
    [drawnAt.x, drawnAt.y, 0, ...(await rawProjection(page, at.lon, at.lat))] as const,
  );
  // The van was drawn, where the board says it drew it …
  expect(measured.icon, 'the van icon found by its difference').not.toBeNull();
  expect(measured.icon!.pixels).toBeGreaterThan(40);
  expect(Math.hypot(measured.icon!.x - drawnAt.x, measured.icon!.y - drawnAt.y)).toBeLessThan(6);
  // … on the raster's road …
  expect(measured.roadAtIcon, 'raster road pixels under the van').toBeGreaterThan(3);
  // … and the fault this guards against is real here: drawn unconverted, it would stand off the road.
  expect(measured.roadAtRaw, 'raster road pixels where the unconverted position would be drawn').toBe(0);
  const offsetM = distanceM([at.lon, at.lat], gcoord.transform([at.lon, at.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number]);
  expect(offsetM).toBeGreaterThan(400);
  expect(asked.length).toBeGreaterThan(4);

  // Offline packages of the same raster: PMTiles, then MBTiles, through the same tile protocol.
  const packed: { z: number; x: number; y: number; data: Buffer }[] = [];
  for (let z = 14; z <= 16; z++) {
    const t0 = tileOf(W - 0.005, N + 0.005, z);
    const t1 = tileOf(E + 0.01, S - 0.005, z);
    for (let x = t0.x; x <= t1.x; x++) for (let y = t0.y; y <= t1.y; y++) packed.push({ z, x, y, data: rasterTile(roads, z, x, y) });
  }
  const pmtiles = join(dir, 'futian.pmtiles');
  writePmtiles(pmtiles, { tiles: packed, tileType: TileType.Png, tileCompression: 1, bounds: [W - 0.005, S - 0.005, E + 0.01, N + 0.005] });
  const mbtiles = join(dir, 'futian.mbtiles');
  const db = new Database(mbtiles);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
  for (const [k, v] of [['format', 'png'], ['bounds', [W - 0.005, S - 0.005, E + 0.01, N + 0.005].join(',')], ['center', `${X},${Y},15`], ['minzoom', '14'], ['maxzoom', '16'], ['name', 'futian']]) db.prepare('INSERT INTO metadata VALUES (?, ?)').run(k, v);
  for (const t of packed) db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(t.z, t.x, 2 ** t.z - 1 - t.y, t.data);
  db.close();

  for (const source of [{ kind: 'pmtiles', path: pmtiles, crs: 'gcj02' }, { kind: 'mbtiles', path: mbtiles, crs: 'gcj02' }] as const) {
    const before = asked.length;
    await stack.backend.call('map.source.set', { source });
    await expect.poll(() => page.evaluate(() => window.__jingbaoTest!.map?.getStyle()?.name), { timeout: 15_000 }).toBe('jingbao-raster');
    await expect.poll(async () => ((await stack!.backend.call('map.info', {})) as MethodResult<'map.info'>).source).toBe(source.kind);
    await page.waitForFunction(() => window.__jingbaoTest!.ready && window.__jingbaoTest!.map!.loaded() && window.__jingbaoTest!.map!.areTilesLoaded());
    await page.evaluate((center) => window.__jingbaoTest!.map!.jumpTo({ center, zoom: 15 }), toGcj(X, Y));
    await page.waitForFunction(() => window.__jingbaoTest!.map!.areTilesLoaded());
    await page.waitForTimeout(500);
    await page.screenshot({ path: `test-results/screens/basemap-${source.kind}.png` });
    await board.snapshot(source.kind);
    const yellow = await page.evaluate((key) => {
      const img = (window as unknown as { __px: Record<string, ImageData> }).__px[key]!;
      let n = 0;
      for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! - img.data[i + 2]! > 90 && img.data[i + 1]! - img.data[i + 2]! > 70) n++;
      return n / (img.width * img.height);
    }, source.kind);
    // The package's roads on screen, and none of them fetched from the service.
    expect(yellow, `${source.kind}: road pixels on screen`).toBeGreaterThan(0.005);
    expect(asked.length).toBe(before);
  }
});

/** What the map (raw maplibre) would draw the position at if nothing converted it: where GCJ-02 tiles have no road. */
async function rawProjection(page: Page, lon: number, lat: number): Promise<[number, number]> {
  return page.evaluate(([x, y]) => {
    const map = window.__jingbaoTest!.map!;
    const p = map.project([x!, y!]);
    const rect = map.getContainer().getBoundingClientRect();
    return [rect.left + p.x, rect.top + p.y] as [number, number];
  }, [lon, lat]);
}

/** The map's own coordinates over a GCJ-02 source (the camera is set in them). */
const toGcj = (lon: number, lat: number) => gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];

const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
};

const distanceM = (a: [number, number], b: [number, number]) => {
  const k = Math.PI / 180;
  return Math.hypot((b[0] - a[0]) * k * Math.cos(a[1] * k), (b[1] - a[1]) * k) * 6_371_000;
};
