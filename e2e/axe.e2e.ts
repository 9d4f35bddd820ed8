/**
 * axe-core on every screen, in both languages: the board, each side and dock panel
 * (site, vehicle, link health, conflicts, KPI), the settings and alert popovers, the
 * layers menu, the request form with its plans, the command palette, and each scene of the
 * wall. No serious or critical violation is allowed (WCAG 2.2 A/AA and axe's best
 * practices). And the keyboard's focus ring is not mistaken for a switched-on toggle.
 *
 * axe-core is injected as its own bundle (page.addScriptTag): the board's CSP allows only
 * its own scripts, so this context bypasses CSP. A stack of its own (e2e/screens.ts).
 */
import { expect, test } from '@playwright/test';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';
import { axeSerious, closeAll, CONSOLE_SCREENS, seedWorld, showWallScene, WALL_SCENES, type AxeFinding } from './screens';

let stack: Stack;

test.describe.configure({ mode: 'serial' });
test.use({ bypassCSP: true });

test.beforeAll(async () => {
  stack = await startStack('axe');
  await seedWorld(stack);
});
test.afterAll(async () => {
  await stack?.close();
});

const report = (found: Record<string, AxeFinding[]>) =>
  Object.entries(found).flatMap(([screen, violations]) => violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => `${n.target}: ${n.summary.replace(/\s+/g, ' ')}`).join(' | ')}`));

for (const language of ['zh-CN', 'en'] as const) {
  test(`axe: no serious or critical violation on any console screen (${language})`, async ({ page }) => {
    test.setTimeout(180_000);
    const board = new BoardPage(page);
    await board.open(stack.host.boardUrl);
    if (language === 'en') {
      await board.testId('settings-button').click();
      await board.testId('lang-en').click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await closeAll(board);
    }
    const found: Record<string, AxeFinding[]> = {};
    for (const screen of CONSOLE_SCREENS) {
      await screen.open(board);
      const violations = await axeSerious(page);
      if (violations.length) found[screen.name] = violations;
      await closeAll(board);
    }
    // The layers menu, where the bar is too narrow for the switches (and the bar itself there).
    await page.setViewportSize({ width: 1280, height: 720 });
    await board.testId('layers-button').click();
    await expect(board.testId('layer-panel')).toBeVisible();
    const folded = await axeSerious(page);
    if (folded.length) found['layers menu, 1280×720'] = folded;
    // By keyboard: Tab goes into the menu; Esc folds it and gives the focus back to its button.
    await page.keyboard.press('Tab');
    await expect(board.testId('layer-toggle-vehicles')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(board.testId('layer-panel')).toBeHidden();
    await expect(board.testId('layers-button')).toBeFocused();
    expect(report(found)).toEqual([]);
  });
}

test('axe: no serious or critical violation on any wall scene', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(stack.host.wallUrl);
  await page.waitForFunction(() => window.__jingbaoWall?.ready === true, null, { timeout: 45_000 });
  const found: Record<string, AxeFinding[]> = {};
  for (const scene of WALL_SCENES) {
    await showWallScene(stack, page, scene);
    const violations = await axeSerious(page);
    if (violations.length) found[scene] = violations;
  }
  expect(report(found)).toEqual([]);
  // Nothing on the wall takes the keyboard's focus (deck.gl's canvas did, without a name).
  expect(await page.locator('canvas').evaluateAll((cs) => cs.filter((c) => c.tabIndex >= 0).length)).toBe(0);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('.maplibregl-canvas')).toHaveAttribute('aria-label', '调度地图：车辆、仓库与快取点');
});

test('the focus ring differs from a switched-on toggle, and the map canvas says what it is', async ({ page }) => {
  const board = new BoardPage(page);
  // Wide enough for the switches to sit in the top bar (not folded into the 图层 menu).
  await page.setViewportSize({ width: 1920, height: 1080 });
  await board.open(stack.host.boardUrl);
  const on = board.testId('layer-toggle-vehicles');
  const off = board.testId('layer-toggle-depots');
  await expect(on).toHaveAttribute('aria-pressed', 'true');
  const look = (el: HTMLElement) => {
    const s = getComputedStyle(el);
    return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, border: s.borderColor, shadow: s.boxShadow };
  };
  const onIdle = await on.evaluate(look);
  // Focus by keyboard: Tab from the toggle before it, so :focus-visible applies.
  await page.locator('[data-testid="layer-toggle-depots"]').focus();
  await page.keyboard.press('Shift+Tab');
  await expect(on).toBeFocused();
  const onFocused = await on.evaluate(look);
  await page.keyboard.press('Tab');
  await expect(off).toBeFocused();
  const offFocused = await off.evaluate(look);
  // A ring is drawn, in a colour that is neither the pressed toggle's border nor its fill.
  expect(onIdle.outline).toMatch(/^none /);
  expect(onFocused.outline).toMatch(/^solid /);
  expect(onFocused.outline).not.toContain(onIdle.border);
  expect(offFocused.outline).toBe(onFocused.outline);
  // The page has its heading; every canvas that takes the keyboard's focus has a name.
  await expect(page.getByRole('heading', { level: 1, name: '警保指挥台', exact: true })).toHaveCount(1);
  const unnamed = await page.locator('canvas').evaluateAll((cs) => cs.filter((c) => c.tabIndex >= 0 && !c.getAttribute('aria-label')?.trim()).length);
  expect(unnamed).toBe(0);
  await expect(page.locator('.maplibregl-canvas')).toHaveAttribute('aria-label', '调度地图：车辆、仓库与快取点');
});
