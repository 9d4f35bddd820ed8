import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { DEMO_UNIT_ACCOUNTS } from '../central/auth/demo-users';
import { DEMO_WORKSTATION, workstationAuthorization } from '../shared/auth/workstation';
import { OFFICER_HEADER } from '../shared/central-api';
import { checkUnitTree, inSubtree } from '../shared/scope/tree';
import { startStack, type Stack } from './own-stack';
import { sessionCookie, signInWithCode } from './sign-in';

/**
 * Multi-level command at the board (issue 16): a district bureau's officer signs in and the board
 * shows the bureau's own sites and nothing of another county; its unit is named in the top bar;
 * its report rolls up over the bureau and the stations under it;
 * the next officer, of another bureau, at the same workstation sees none of the first one's.
 */
const SCREENS = 'test-results/screens';
let stack: Stack;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('scope');
  await sessionCookie(stack.host.boardUrl, 'duty'); // the board has its users from the central
});
test.afterAll(async () => {
  await stack?.close();
});

const signIn = (page: Page, username: string, at = Date.now()) => signInWithCode(page, DEMO_UNIT_ACCOUNTS.find((x) => x.username === username)!, at);

/** The sites the board draws, once it shows only `unitId`'s (and the supply sites its county holds). */
async function sitesShown(page: Page, unitId: string): Promise<{ id: string; unitId?: string }[]> {
  const checked = checkUnitTree(stack.central.units().list());
  if (!checked.ok) throw new Error('the demo tree is broken');
  const tree = checked.tree;
  let shown: { id: string; unitId?: string }[] = [];
  await expect
    .poll(
      async () => {
        shown = await page.evaluate(() => window.__jingbaoTest!.sites().map((s) => ({ id: s.id, unitId: (s as { unitId?: string }).unitId })));
        return shown.length > 0 && shown.every((s) => s.unitId !== undefined && inSubtree(tree, unitId, s.unitId));
      },
      { timeout: 30_000, message: `the board shows ${unitId}'s sites only` },
    )
    .toBe(true);
  return shown;
}

/** How many vehicles of this officer's scope report positions (the central's snapshot for the scope; an offline tracker reports none). */
async function scopeVehicles(username: string): Promise<number> {
  const userId = stack.central.users().list().find((u) => u.username === username)!.id;
  const res = await fetch(`${stack.central.url}/snapshot?table=vehicle`, { headers: { authorization: workstationAuthorization(DEMO_WORKSTATION), [OFFICER_HEADER]: userId } });
  return ((await res.json()) as { rows: { status: string }[] }).rows.filter((v) => v.status !== 'offline').length;
}
/** How many vehicles the map's vehicle layer draws now. */
const vehiclesDrawn = (page: Page): Promise<number> =>
  page.evaluate(() => window.__jingbaoTest!.layerSummary().find((l) => l.id === 'vehicles')?.count ?? -1);

test('a bureau’s console shows its county only; the next officer, of another bureau, sees nothing of it', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(stack.host.boardUrl);
  await signIn(page, 'centrum.duty');
  await expect(page.getByTestId('unit-badge')).toHaveText('中心区分局');
  const centrum = await sitesShown(page, 'unit-centrum');
  expect(stack.central.units().list().length).toBe(17);
  // Fewer than the city's 14, and more than none.
  expect(centrum.length).toBeGreaterThan(0);
  expect(centrum.length).toBeLessThan(14);
  // Said as what it is: this unit's scope loaded, not the central restored from an older copy.
  await expect(page.getByTestId('rewind-banner')).toHaveAttribute('data-reason', 'scope_changed');
  // No vehicle of another county is drawn, not even greyed out where it last was.
  const theirs = await scopeVehicles('centrum.duty');
  expect(theirs).toBeGreaterThan(0);
  await expect.poll(() => vehiclesDrawn(page), { timeout: 15_000 }).toBe(theirs);
  await page.screenshot({ path: `${SCREENS}/scope-centrum.png` });

  // The bureau's report rolls up over itself and the units right under it (每月一调度、每季度一总结).
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('报表');
  await expect(page.getByTestId('palette-option').first()).toHaveAttribute('data-entry-id', 'action:reports');
  await page.keyboard.press('Enter');
  await page.getByTestId('report-kind-quarter').click();
  await expect(page.getByTestId('report-title')).toContainText(/^中心区分局 \d{4}年第[1-4]季度 业务报表$/);
  const rollup = page.getByTestId('report-rollup');
  // Its own line, its three stations and its own post, the total; no other county's.
  await expect(rollup.locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('rollup-row-unit-nordstaden').locator('th')).toHaveText('北城派出所');
  await expect(rollup.locator('[data-testid="rollup-row-unit-hisingen"]')).toHaveCount(0);
  await rollup.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/reports-rollup-centrum.png` });

  // One keystroke signs out; Hisingen's officer signs in at the same workstation.
  await page.keyboard.press('Control+Shift+L');
  await expect(page.getByTestId('signin')).toBeVisible();
  await signIn(page, 'hisingen.duty', Date.now() + 30_000);
  await expect(page.getByTestId('unit-badge')).toHaveText('希辛恩分局');
  const hisingen = await sitesShown(page, 'unit-hisingen');
  const centrumIds = new Set(centrum.map((s) => s.id));
  expect(hisingen.filter((s) => centrumIds.has(s.id))).toEqual([]);
  await expect.poll(() => vehiclesDrawn(page), { timeout: 15_000 }).toBe(await scopeVehicles('hisingen.duty'));
  await page.screenshot({ path: `${SCREENS}/scope-hisingen.png` });
});
