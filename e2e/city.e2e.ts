/**
 * A city imported from a real extract (../shared/data/monaco.osm.pbf) is drawn and used:
 * its roads in the dark style with their names, its districts' names, its buildings close
 * up, its sites and vehicles; its places found by name in the palette and the request form;
 * and the board plans a request on it. Skipped, saying so, where
 * ../shared/data is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { resolveCityDir } from '../city/city-store';
import type { MethodResult } from '../shared/board-api';
import { importCity } from '../city/import-city';
import { BoardPage } from './board-page';
import { roadPixelShare } from './map-page';
import { startStack, type Stack } from './own-stack';

const MONACO = resolve(import.meta.dirname, '../../shared/data/monaco.osm.pbf');
const SITES = [
  'id,kind,name,nameEn,address,lon,lat',
  'mc-central,central,摩纳哥中心库,Monaco Central Depot,Avenue Albert II,7.4155,43.7290',
  'mc-east,regional,蒙特卡洛区域库,Monte-Carlo Regional Depot,Avenue Princesse Grace,7.4350,43.7455',
  'mc-qp1,quickpick,快取点01·赌场广场,Quick-pick 01 · Place du Casino,Place du Casino,7.4280,43.7394',
  'mc-qp2,quickpick,快取点02·王宫广场,Quick-pick 02 · Place du Palais,Place du Palais,7.4203,43.7314',
  'mc-ps1,station,摩纳哥公安局,Monaco Police Station,9 Rue Suffren Reymond,7.4196,43.7339',
].join('\n');

let dir = '';
let stack: Stack | null = null;
test.afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an imported city is drawn from its own tiles: roads and their names, district names, buildings close up, its sites', async ({ page }) => {
  test.skip(!existsSync(MONACO), `${MONACO} is absent (../shared/data): the imported-city test needs it`);
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'jb-e2e-city-'));
  const summary = importCity({ file: MONACO, dir, name: 'monaco', sitesText: SITES, vehicles: 24 });
  expect(summary).toMatchObject({ roads: 1746, sites: 5, vehicles: 24 });
  const cityDir = resolveCityDir('monaco', dir);
  stack = await startStack('city', { central: { cityDir, tickMs: 500 }, backend: { baseMapPath: join(cityDir, 'basemap.mbtiles') } });

  const board = new BoardPage(page);
  await board.open(stack.host.boardUrl);
  const sites = await board.sites();
  expect(sites.map((s) => s.id).sort()).toEqual(['mc-central', 'mc-east', 'mc-ps1', 'mc-qp1', 'mc-qp2']);
  await page.waitForFunction(() => window.__jingbaoTest!.map!.loaded() && window.__jingbaoTest!.map!.areTilesLoaded());
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/screens/city-monaco.png' });

  // Drawn, not only loaded: maplibre placed these features on screen.
  const drawn = () =>
    page.evaluate(() => {
      const f = window.__jingbaoTest!.map!.queryRenderedFeatures();
      const of = (id: string) => f.filter((x) => x.layer.id === id);
      return {
        roads: f.filter((x) => x.sourceLayer === 'roads' && x.layer.type === 'line').length,
        roadNames: [...new Set(of('road-labels').map((x) => String(x.properties.name)))],
        places: [...new Set(of('place-labels').map((x) => String(x.properties.name)))],
        areas: of('areas').length,
        buildings: of('buildings').length,
      };
    });
  const first = await drawn();
  expect(first.roads).toBeGreaterThan(200);
  expect(first.places).toEqual(expect.arrayContaining(['Monte-Carlo', 'La Condamine']));
  expect(first.areas).toBeGreaterThan(5);
  // Road pixels in the style's colours: the city's roads, not an empty dark canvas.
  await board.snapshot('city');
  const roadPixels = await roadPixelShare(page, 'city');
  expect(roadPixels).toBeGreaterThan(0.02);

  // Close up at the casino: buildings and street names.
  await page.evaluate(() => window.__jingbaoTest!.map!.jumpTo({ center: [7.4265, 43.7395], zoom: 16.5 }));
  await page.waitForFunction(() => window.__jingbaoTest!.map!.areTilesLoaded());
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'test-results/screens/city-monaco-z16.png' });
  const close = await drawn();
  expect(close.buildings).toBeGreaterThan(20);
  expect(close.roadNames.length).toBeGreaterThan(3);
  expect(close.roadNames).toEqual(expect.arrayContaining(['Boulevard Princesse Charlotte']));

  // Its places are found by name across the city: the palette goes to La Condamine, the
  // request form offers it as a destination, marked as a place, before any street.
  await page.evaluate(() => window.__jingbaoTest!.map!.jumpTo({ center: [7.43, 43.745], zoom: 12 }));
  await page.keyboard.press('Control+k');
  await board.testId('palette-input').fill('condamine');
  const option = board.testId('palette-option').first();
  await expect(option).toHaveAttribute('data-entry-id', /^place:\d+$/);
  await expect(option).toContainText('La Condamine');
  await expect(option).toContainText('地名');
  await page.keyboard.press('Enter');
  await expect(board.testId('command-palette')).toBeHidden();
  const condamine = { lon: 7.4194, lat: 43.7347 }; // OSM's node, within a few hundred metres
  await expect
    .poll(() => page.evaluate(() => ({ ...window.__jingbaoTest!.map!.getCenter(), zoom: window.__jingbaoTest!.map!.getZoom() })), { timeout: 5000 })
    .toEqual(expect.objectContaining({ lng: expect.closeTo(condamine.lon, 2), lat: expect.closeTo(condamine.lat, 2), zoom: expect.closeTo(14, 0) })); // a district: street level
  await page.keyboard.press('n');
  await board.testId('request-destination').fill('condamine');
  const destOptions = board.testId('request-destination-options').getByRole('option');
  await expect(destOptions.first()).toContainText('La Condamine');
  await expect(destOptions.first()).toContainText('城区');
  await page.screenshot({ path: 'test-results/screens/city-monaco-place-search.png' });
  await page.keyboard.press('Enter');
  await expect(board.testId('request-panel')).toContainText('地名');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // And the board plans on it: a request at the casino is answered from Monaco's sites.
  const planned = (await stack.backend.call('dispatch.plan', { destination: { lon: 7.4285, lat: 43.7392 }, items: [{ itemId: 'helmet', quantity: 2 }], priority: 'orange' })) as MethodResult<'dispatch.plan'>;
  if (!planned.ok) throw new Error(planned.message);
  expect(planned.plans[0]!.runs[0]!.siteIds.every((id) => id.startsWith('mc-'))).toBe(true);

  // Its police station: a ring on the map, counted in both legends, found by name as a
  // destination marked 派出所, and supplied, never a source; no vehicle is based there.
  const station = sites.find((s) => s.id === 'mc-ps1')!;
  await page.evaluate(() => window.__jingbaoTest!.map!.jumpTo({ center: [7.4196, 43.7339], zoom: 16 }));
  await page.waitForFunction(() => window.__jingbaoTest!.map!.areTilesLoaded());
  await expect(board.testId('site-legend').locator('[data-kind="station"]')).toContainText('1');
  await expect(board.testId('layer-toggle-stations')).toHaveAttribute('aria-pressed', 'true');
  const ring = async () => {
    const at = await board.project(station.lon, station.lat);
    await board.snapshot('station');
    return page.evaluate(({ x, y }) => {
      const img = (window as unknown as { __px: Record<string, ImageData> }).__px.station!;
      const px = (dx: number, dy: number) => {
        const i = (Math.round(y + dy) * img.width + Math.round(x + dx)) * 4;
        return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
      };
      const light = (p: number[]) => p.every((c) => c > 200);
      // The ring (radius 7 px, 3 px wide) is light on all four sides, 6 to 8 px out; the centre is dark.
      const side = (ux: number, uy: number) => [6, 7, 8].some((r) => light(px(ux * r, uy * r)));
      return { ring: [side(1, 0), side(-1, 0), side(0, 1), side(0, -1)].filter(Boolean).length, centreDark: px(0, 0).every((c) => c < 60) };
    }, at);
  };
  await page.screenshot({ path: 'test-results/screens/city-monaco-station.png' });
  expect(await ring()).toEqual({ ring: 4, centreDark: true });
  await board.toggleLayer('stations');
  expect((await ring()).ring).toBe(0);
  await board.toggleLayer('stations');
  await page.keyboard.press('n');
  await board.testId('request-destination').fill('公安局');
  await expect(destOptions.first()).toContainText('摩纳哥公安局');
  await expect(destOptions.first()).toContainText('派出所');
  await page.keyboard.press('Escape');
  const toStation = (await stack.backend.call('dispatch.plan', { destination: { lon: station.lon, lat: station.lat }, items: [{ itemId: 'helmet', quantity: 2 }], priority: 'orange' })) as MethodResult<'dispatch.plan'>;
  if (!toStation.ok) throw new Error(toStation.message);
  expect(toStation.plans.flatMap((p) => p.runs.flatMap((r) => r.siteIds))).not.toContain('mc-ps1');
  const vehicles = (await stack.backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
  expect(vehicles.vehicles.map((v) => v.homeSiteId)).not.toContain('mc-ps1');
});
