/**
 * The alert desk: a red request becomes the central's alert record (its watcher runs every
 * 5 s on the e2e central), shown on the console with its owner and deadlines counting down
 * and ringed on the map; the officer acknowledges it, escalates it to the supervisor on duty
 * and a department, and closes it, which takes a note. The wall resumes once it is
 * acknowledged (wall.e2e.ts).
 */
import { expect, test } from '@playwright/test';
import { BoardPage } from './board-page';
import { acknowledgeInterruptingAlerts, boardCall } from './wall-page';

const SCREENS = 'test-results/screens';

test('a red request becomes an alert record the officer acknowledges, escalates and closes with a note', async ({ page }) => {
  await acknowledgeInterruptingAlerts();
  const board = new BoardPage(page);
  await board.open();
  const { requestId } = await boardCall('request.create', {
    destination: { lon: 11.9736, lat: 57.7089, label: '中央车站广场' },
    items: [{ itemId: 'life-jacket', quantity: 5 }],
    priority: 'red',
    requester: 'e2e',
    note: '',
  });
  const alertId = `red_request:${requestId}`;

  // The bell counts it in red and opens the desk.
  const indicator = board.testId('alert-indicator');
  await expect(indicator).toHaveAttribute('data-level', 'red', { timeout: 15_000 });
  await indicator.click();
  const desk = board.testId('alert-panel');
  await expect(desk).toBeVisible();
  await expect(indicator).toHaveAttribute('aria-expanded', 'true');

  // The central's record (not this console's provisional signal), within ~15 s.
  const item = desk.locator(`[data-testid="alert-item"][data-alert-id="${alertId}"]`);
  await expect(item).toHaveAttribute('data-provisional', 'false', { timeout: 15_000 });
  await expect(item).toHaveAttribute('data-level', 'red');
  await expect(item.getByTestId('alert-level')).toHaveText('红色');
  await expect(item).toContainText('红色需求');
  await expect(item.getByTestId('alert-place')).toHaveText('中央车站广场');
  await expect(item.getByTestId('alert-owner')).toHaveText(/\S/);
  // Red: answered within the hour. The countdown ticks.
  const respond = item.getByTestId('alert-respond-countdown');
  await expect(respond).toHaveText(/^剩 (5\d:\d\d|1 小时 0 分)$/);
  const first = await respond.textContent();
  await expect(respond).not.toHaveText(first!, { timeout: 3_000 });
  await expect(item.getByTestId('alert-close-by-countdown')).toHaveText(/^剩 \d 天 \d+ 小时$/);
  await expect(item.getByTestId('alert-request')).toContainText('需求时限');
  // Ringed on the map.
  await expect.poll(async () => (await board.layer('alert-rings')).count, { timeout: 10_000 }).toBeGreaterThan(0);

  // Acknowledge.
  await item.getByTestId('alert-ack').click();
  await expect(item.getByTestId('alert-ack')).toHaveCount(0);
  await expect(item).toHaveAttribute('data-state', 'acknowledged');
  await expect(item.getByTestId('alert-respond')).toHaveAttribute('data-state', 'met');

  // Escalate: nothing chosen, nothing to send; Esc folds the form and leaves the desk open.
  await item.getByTestId('alert-escalate').click();
  const escalateForm = item.getByTestId('alert-escalate-form');
  await expect(escalateForm.getByTestId('alert-escalate-submit')).toBeDisabled();
  await expect(escalateForm.locator('[data-target="supervisor"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(escalateForm).toHaveCount(0);
  await expect(desk).toBeVisible();
  await expect(item.getByTestId('alert-escalate')).toBeFocused();
  // Keyboard: Enter reopens it, Space ticks 值班领导, Tab on to 装备科.
  await page.keyboard.press('Enter');
  await expect(escalateForm.locator('[data-target="supervisor"]')).toBeFocused();
  await page.keyboard.press('Space');
  await escalateForm.locator('[data-target="装备科"]').check();
  await expect(escalateForm.getByTestId('alert-escalate-submit')).toBeEnabled();
  await escalateForm.getByTestId('alert-escalate-note').fill('三个部门协同');
  await escalateForm.getByTestId('alert-escalate-note').press('Enter');
  await expect(escalateForm).toHaveCount(0);
  const manual = item.locator('[data-testid="alert-escalation"][data-reason="manual"]');
  await expect(manual).toContainText('值班领导、装备科', { timeout: 15_000 });
  await expect(manual).toContainText('人工上报');

  // Close: a blank note cannot be sent, by button or by Enter.
  await item.getByTestId('alert-close').click();
  const closeForm = item.getByTestId('alert-close-form');
  const note = closeForm.getByTestId('alert-close-note');
  await expect(note).toBeFocused();
  await expect(closeForm.getByTestId('alert-close-submit')).toBeDisabled();
  await note.fill('   ');
  await expect(closeForm.getByTestId('alert-close-submit')).toBeDisabled();
  await note.press('Enter');
  await expect(closeForm).toBeVisible();
  await note.fill('物资已送达，现场已处置完毕');
  await expect(closeForm.getByTestId('alert-close-submit')).toBeEnabled();
  await page.screenshot({ path: `${SCREENS}/alert-desk.png` });
  await note.press('Enter');

  // Closed: gone from 未关闭, shown under 全部 with its note; on file at the central's side.
  await expect(item).toHaveCount(0, { timeout: 15_000 });
  await desk.getByText('全部（含近一日已关闭）').click();
  await expect(item).toHaveAttribute('data-state', 'closed');
  await expect(item.getByTestId('alert-closed')).toContainText('物资已送达，现场已处置完毕');
  await expect(item.getByTestId('alert-close')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/alert-desk-closed.png` });
  await expect
    .poll(async () => (await boardCall('alert.list', {})).alerts.find((a) => a.id === alertId), { timeout: 15_000 })
    .toMatchObject({ state: 'closed', provisional: false, closed: { note: '物资已送达，现场已处置完毕' }, escalations: [expect.objectContaining({ to: ['supervisor', '装备科'], reason: 'manual' })] });
  await acknowledgeInterruptingAlerts();
});
