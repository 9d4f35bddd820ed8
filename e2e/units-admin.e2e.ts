/**
 * Issue 16: an administrator keeps the command tree from the board (用户与权限 → 指挥体系):
 * adds a street post under a station, gives it an area from a GeoJSON file (one outside its
 * station refused in words), hands a vehicle to it, is refused its removal while it
 * holds the vehicle (the refusal says so in words, nothing changes), hands the vehicle back,
 * and removes it. Each step is made at the central and audited; the tree the central holds is
 * checked after each.
 *
 * A stack of its own: the tree and a vehicle's unit change on its central.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { checkUnitTree, unitAt } from '../shared/scope/tree';
import { centralFetch } from '../central/test-support';
import type { MethodResult } from '../shared/board-api';
import type { Vehicle } from '../shared/domain';
import { DEMO_ACCOUNTS } from '../central/auth/demo-users';
import { BoardPage } from './board-page';
import { sessionCookie, signInWithCode } from './sign-in';
import { startStack, type Stack } from './own-stack';

const SCREENS = 'test-results/screens';
let stack: Stack;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('units-admin');
});
test.afterAll(async () => {
  await stack?.close();
});

test('an administrator adds a post, imports its area, hands it a vehicle, is refused its removal while it holds one, then removes it', async ({ page }) => {
  test.setTimeout(90_000);
  const board = new BoardPage(page);
  // Signed in the full way: the tree is administered with the administrator's central session.
  await sessionCookie(stack.host.boardUrl, 'duty'); // the board has its users from the central
  await page.goto(stack.host.boardUrl);
  await signInWithCode(page, DEMO_ACCOUNTS.admin);
  const unitsNow = () => stack.central.units().list();
  const vehicleUnit = async (id: string) =>
    ((await (await centralFetch(`${stack.central.url}/snapshot?table=vehicle`)).json()) as { rows: Vehicle[] }).rows.find((v) => v.id === id)!.unitId;

  await board.testId('open-users').click();
  await board.testId('people-tab-units').click();
  const section = board.testId('units-section');
  const row = (id: string) => section.locator(`[data-testid="unit-row"][data-unit-id="${id}"] button`);
  await expect(row('unit-nordstaden')).toBeVisible();

  // A post under 北城派出所, named in the form.
  await row('unit-nordstaden').click();
  await board.testId('unit-add').click();
  const addForm = board.testId('unit-add-form');
  await addForm.getByTestId('unit-name').fill('测试临时警务站');
  await addForm.getByTestId('unit-name-en').fill('Test Temporary Post');
  await page.keyboard.press('Enter');
  await expect(board.testId('unit-notice')).toContainText('已添加 测试临时警务站');
  const post = unitsNow().find((u) => u.name === '测试临时警务站')!;
  expect(post).toMatchObject({ kind: 'post', parentId: 'unit-nordstaden' });
  await expect(row(post.id)).toHaveAttribute('aria-pressed', 'true');
  await expect(board.testId('unit-holds')).toHaveAttribute('data-vehicles', '0');

  // Its area from a GeoJSON file: a small square inside 北城派出所 is taken; one outside the
  // station's area is refused by the central in words, and the area stays as it was.
  const checked = checkUnitTree(unitsNow());
  if (!checked.ok) throw new Error('the demo tree does not hold');
  const ring = unitsNow().find((u) => u.id === 'unit-nordstaden')!.area!.coordinates[0]!;
  const [cx, cy] = [ring.slice(1).reduce((a, p) => a + p[0], 0) / (ring.length - 1), ring.slice(1).reduce((a, p) => a + p[1], 0) / (ring.length - 1)];
  const square = (x: number, y: number, d = 0.0008) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] } });
  for (const [dx, dy] of [[-1, -1], [1, -1], [1, 1], [-1, 1]] as const) expect(unitAt(checked.tree, cx + dx * 0.0008, cy + dy * 0.0008)).toBe('unit-nordstaden');
  const inside = `${SCREENS}/area-inside.geojson`;
  const outside = `${SCREENS}/area-outside.geojson`;
  writeFileSync(inside, JSON.stringify(square(cx, cy)));
  writeFileSync(outside, JSON.stringify(square(12.05, 57.66)));
  await board.testId('unit-area').click();
  const areaForm = board.testId('unit-area-form');
  await areaForm.getByTestId('unit-area-file').setInputFiles(outside);
  await expect(areaForm.getByTestId('unit-area-read')).toHaveAttribute('data-points', '4');
  await areaForm.getByTestId('unit-form-submit').click();
  await expect(board.testId('unit-refusal')).toContainText('测试临时警务站 的辖区超出了上级单位的辖区');
  await page.screenshot({ path: `${SCREENS}/units-area-refused.png` });
  expect(unitsNow().find((u) => u.id === post.id)!.area).toBeNull();
  await areaForm.getByTestId('unit-area-file').setInputFiles(inside);
  await areaForm.getByTestId('unit-form-submit').click();
  await expect(board.testId('unit-notice')).toContainText('已更新 测试临时警务站 的辖区');
  expect(unitsNow().find((u) => u.id === post.id)!.area).toEqual(square(cx, cy).geometry);

  // A vehicle handed to it: the list says whose each one is now.
  await board.testId('unit-assign').click();
  const assign = board.testId('unit-assign-form');
  await assign.getByTestId('unit-assign-table').selectOption('vehicle');
  const which = assign.getByTestId('unit-assign-which');
  const vehicleId = await which.locator('option').nth(1).getAttribute('value');
  expect(vehicleId).toBeTruthy();
  const wasUnit = await vehicleUnit(vehicleId!);
  await expect(which.locator(`option[value="${vehicleId}"]`)).toContainText('现属');
  await which.selectOption(vehicleId!);
  await page.screenshot({ path: `${SCREENS}/units-assign.png` });
  await assign.getByTestId('unit-form-submit').click();
  await expect(board.testId('unit-notice')).toContainText('划入 测试临时警务站');
  expect(await vehicleUnit(vehicleId!)).toBe(post.id);
  // The board's own cache follows by the feed: the unit's line counts the vehicle.
  await expect(board.testId('unit-holds')).toHaveAttribute('data-vehicles', '1', { timeout: 15_000 });

  // Removal refused while it holds the vehicle: said in words, the post stays.
  await board.testId('unit-remove').click();
  await expect(board.testId('unit-remove-form')).toContainText('从单位树删除“测试临时警务站”？');
  await board.testId('unit-remove-form').getByTestId('unit-form-submit').click();
  await expect(board.testId('unit-refusal')).toContainText('测试临时警务站 还有车辆：请先把车辆划入别的单位');
  await page.screenshot({ path: `${SCREENS}/units-remove-refused.png` });
  expect(unitsNow().some((u) => u.id === post.id)).toBe(true);
  // Esc after the refusal cancels the form, and only the form.
  await page.keyboard.press('Escape');
  await expect(board.testId('unit-remove-form')).toBeHidden();
  await expect(section).toBeVisible();

  // The vehicle handed back to the unit it came from, the post goes.
  const back = wasUnit ?? unitsNow().find((u) => u.parentId === null)!.id;
  await row(back).click();
  await board.testId('unit-assign').click();
  await assign.getByTestId('unit-assign-table').selectOption('vehicle');
  await which.selectOption(vehicleId!);
  await assign.getByTestId('unit-form-submit').click();
  await expect(board.testId('unit-notice')).toContainText('已将');
  await row(post.id).click();
  await expect(board.testId('unit-holds')).toHaveAttribute('data-vehicles', '0', { timeout: 15_000 });
  await board.testId('unit-remove').click();
  await board.testId('unit-remove-form').getByTestId('unit-form-submit').click();
  await expect(board.testId('unit-notice')).toContainText('已删除 测试临时警务站');
  await expect(row(post.id)).toHaveCount(0);
  expect(unitsNow().some((u) => u.id === post.id)).toBe(false);
  // The city itself is never offered for removal.
  await row(unitsNow().find((u) => u.parentId === null)!.id).click();
  await expect(board.testId('unit-remove')).toBeDisabled();

  // Every step in the administrator's audit log, in order, the refusal among them.
  const audit = (await stack.backend.call('audit.list', { action: 'unit_change' })) as MethodResult<'audit.list'>;
  const mine = [...audit.central, ...audit.local].filter((e) => e.target === `unit:${post.id}` || e.target === `vehicle:${vehicleId}`).sort((a, b) => a.at - b.at || a.seq - b.seq);
  expect(mine.map((e) => `${e.target}:${e.outcome}:${(e.detail as { kind: string }).kind}`)).toEqual([
    `unit:${post.id}:ok:save`,
    `unit:${post.id}:refused:save`,
    `unit:${post.id}:ok:save`,
    `vehicle:${vehicleId}:ok:assign`,
    `unit:${post.id}:refused:remove`,
    `vehicle:${vehicleId}:ok:assign`,
    `unit:${post.id}:ok:remove`,
  ]);
});
