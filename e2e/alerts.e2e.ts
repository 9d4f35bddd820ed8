/**
 * Alerts on the console: a red request raises an alert that holds the wall; the officer
 * acknowledges it from the top bar, and the backend records it (the wall then resumes,
 * see wall.e2e.ts).
 */
import { expect, test } from '@playwright/test';
import { BoardPage } from './board-page';
import { acknowledgeInterruptingAlerts, boardCall } from './wall-page';

test('a red request raises an alert the officer acknowledges on the console', async ({ page }) => {
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
  const indicator = board.testId('alert-indicator');
  await expect(indicator).not.toHaveAttribute('data-count', '0', { timeout: 15_000 });
  await indicator.click();
  const item = page.locator(`[data-testid="alert-item"][data-alert-id="red_request:${requestId}"]`);
  await expect(item).toBeVisible();
  await expect(item).toHaveAttribute('data-level', 'red');
  await page.screenshot({ path: 'test-results/screens/console-alerts.png' });
  await item.getByTestId('alert-ack').click();
  await expect(item.getByTestId('alert-ack')).toHaveCount(0);
  const { alerts } = await boardCall('alert.list', {});
  expect(alerts.find((a) => a.id === `red_request:${requestId}`)?.acknowledged).not.toBeNull();
  // Leave nothing holding the wall for the other tests.
  await acknowledgeInterruptingAlerts();
});
