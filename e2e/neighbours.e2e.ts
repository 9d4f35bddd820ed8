import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { DEMO_UNIT_ACCOUNTS } from '../central/auth/demo-users';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';
import { sessionCookie, signInWithCode } from './sign-in';

/**
 * Neighbouring units at the board (issue 16, the central's showNeighbours): a district bureau's
 * officer sees the other units' sites and vehicles faded, their names faded, a legend line that
 * says what they are, and a neighbour's site panel read-only with no action; the counts in the
 * legend are the bureau's own.
 */
const SCREENS = 'test-results/screens';
let stack: Stack;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('neighbours', { central: { scopeSettings: { showNeighbours: true } } });
  await sessionCookie(stack.host.boardUrl, 'duty');
});
test.afterAll(async () => {
  await stack?.close();
});

test('a bureau sees its neighbours faded and read-only, said so in the legend', async ({ page }) => {
  test.setTimeout(120_000);
  const board = new BoardPage(page);
  await page.goto(stack.host.boardUrl);
  await signInWithCode(page, DEMO_UNIT_ACCOUNTS.find((a) => a.username === 'centrum.duty')!);
  await expect(page.getByTestId('unit-badge')).toHaveText('中心区分局');
  // The scope loaded: its own sites and the neighbours' (marked), none unmarked of another county.
  let sites: { id: string; kind: string; neighbour?: boolean; lon: number; lat: number }[] = [];
  await expect
    .poll(async () => {
      sites = (await page.evaluate(() => window.__jingbaoTest!.sites())) as typeof sites;
      return sites.some((s) => s.neighbour === true) && sites.some((s) => s.neighbour !== true);
    }, { timeout: 30_000 })
    .toBe(true);
  const theirs = sites.filter((s) => s.neighbour === true);
  const legend = page.getByTestId('legend-neighbours');
  await expect(legend).toBeVisible();
  await expect(legend).toContainText('邻近单位（只读）');
  expect(Number(await legend.getAttribute('data-count'))).toBeGreaterThanOrEqual(theirs.length);
  // The legend's site counts are the bureau's own.
  const own = sites.length - theirs.length;
  const counted = await page.getByTestId('legend-sites').locator('.map-legend__item[data-kind] .map-legend__count').allTextContents();
  expect(counted.reduce((n, c) => n + Number(c), 0)).toBe(own);
  await page.screenshot({ path: `${SCREENS}/neighbours-board.png` });

  // A neighbour's supply site: its panel says read-only and offers nothing to do.
  const site = theirs.find((s) => s.kind !== 'station')!;
  const at = await board.project(site.lon, site.lat);
  await page.mouse.click(at.x, at.y);
  const panel = page.getByTestId('site-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('site-neighbour')).toContainText('邻近单位（只读）');
  await expect(panel.getByTestId('stock-adjust-submit')).toHaveCount(0);
  // Its equipment is its own unit's ledger, not held here: said so, not "no equipment".
  await expect(panel.getByTestId('site-readiness-not-here')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/neighbours-site-panel.png` });
});
