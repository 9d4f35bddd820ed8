import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { DEMO_ACCOUNTS, DEMO_UNIT_ACCOUNTS } from '../central/auth/demo-users';
import { DEMO_WORKSTATION, workstationAuthorization } from '../shared/auth/workstation';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';
import { sessionCookie, signInWithCode } from './sign-in';

/**
 * Requests flow up (issue 16), at the board, one workstation, three officers in turn: a police
 * station's duty officer records a request its county cannot meet (twenty drones; Hisingen holds
 * thirteen) and passes it up; the city's duty officer plans it — the planner goes across counties
 * and says the plan waits for a city supervisor, and why — and accepts it: it waits, and its
 * waiting time shows; the city's supervisor approves it from the queue and it runs.
 */
const SCREENS = 'test-results/screens';
let stack: Stack;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('approval');
  await sessionCookie(stack.host.boardUrl, 'duty'); // the board has its users from the central
});
test.afterAll(async () => {
  await stack?.close();
});

/** A dispatch order as the central holds it. */
async function centralDispatch(id: string): Promise<{ status: string; approval?: { level: string; decision: string | null; decidedBy: string | null } } | undefined> {
  const res = await fetch(`${stack.central.url}/snapshot?table=dispatch`, { headers: { authorization: workstationAuthorization(DEMO_WORKSTATION) } });
  return ((await res.json()) as { rows: { id: string; status: string }[] }).rows.find((d) => d.id === id);
}

const account = (username: string) => DEMO_UNIT_ACCOUNTS.find((x) => x.username === username) ?? Object.values(DEMO_ACCOUNTS).find((x) => x.username === username)!;
const signIn = (page: Page, username: string, at = Date.now()) => signInWithCode(page, account(username), at);
async function signOutAndIn(page: Page, username: string, at: number) {
  await page.keyboard.press('Control+Shift+L');
  await signIn(page, username, at);
}

test('a station’s request passed up is planned across counties at the city, waits for the city’s supervisor, and runs once approved', async ({ page }) => {
  test.setTimeout(180_000);
  const board = new BoardPage(page);
  await page.goto(stack.host.boardUrl);

  // --- The station: twenty drones at Lindholmen; its county cannot give them.
  await signIn(page, 'lundby.duty');
  await expect(page.getByTestId('unit-badge')).toHaveText('伦德比派出所');
  await page.keyboard.press('n');
  await expect(board.testId('request-form')).toBeVisible();
  await board.typeRequest({ destination: '林德霍尔门', items: [{ name: '无人机', quantity: '20' }], priorityRight: 1, requester: '伦德比派出所' });
  await expect(board.testId('request-item-0')).toHaveValue('无人机');
  await board.testId('request-submit').click();
  await expect(board.testId('request-summary')).toBeVisible();
  await page.keyboard.press('Escape');
  const row = board.testId('request-row').filter({ hasText: '林德霍尔门' });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'open');
  const requestId = (await row.getAttribute('data-request-id'))!;
  // Passed up with a reason chosen, in one dialog, Enter to send.
  await row.getByTestId('request-escalate').click();
  await expect(board.testId('cancel-dialog')).toHaveAttribute('data-kind', 'escalate');
  await board.testId('escalate-reason').selectOption('stock_short');
  await board.testId('cancel-reason').fill('全区仅 13 架');
  await page.keyboard.press('Enter');
  await expect(board.requestRow(requestId).getByTestId('request-escalated')).toHaveAttribute('data-reason', 'stock_short');
  await expect(board.requestRow(requestId).getByTestId('request-escalate')).toHaveCount(0);
  await expect.poll(() => stack.backend.stats().queueDepth, { timeout: 20_000 }).toBe(0);

  // --- The city's duty officer: the request is there, passed up; the planner goes across counties and says whose approval it needs.
  await signOutAndIn(page, DEMO_ACCOUNTS.duty.username, Date.now() + 30_000);
  await expect(board.requestRow(requestId).getByTestId('request-escalated')).toBeVisible({ timeout: 30_000 });
  await expect(board.requestRow(requestId).getByTestId('request-escalate')).toHaveCount(0); // the city has no one above it
  await board.requestRow(requestId).getByTestId('request-dispatch').click();
  await expect(board.testId('plan-1')).toBeVisible({ timeout: 20_000 });
  await expect(board.testId('plan-1').getByTestId('plan-approval')).toHaveAttribute('data-level', 'city');
  await expect(board.testId('plan-1').getByTestId('plan-approval')).toContainText('待市局审批：跨区调拨');
  await board.dispatchPlan1();
  const waiting = board.requestRow(requestId).getByTestId('queue-approval');
  await expect(waiting).toHaveAttribute('data-level', 'city');
  await expect(waiting).toHaveAttribute('data-reasons', /cross_county/);
  // Not sent: the request is still open, nothing of it on the road; the wait is counted and shown.
  await expect(board.requestRow(requestId)).toHaveAttribute('data-status', 'open');
  await expect.poll(async () => Number(await waiting.getByTestId('approval-waited').getAttribute('data-waited-s')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await expect(board.requestRow(requestId).getByTestId('dispatch-approve')).toHaveCount(0); // a duty officer decides nothing
  await expect.poll(() => stack.backend.stats().queueDepth, { timeout: 20_000 }).toBe(0);
  const dispatchId = (await waiting.getAttribute('data-dispatch-id'))!;
  expect(await centralDispatch(dispatchId)).toMatchObject({ status: 'awaiting_approval', approval: { level: 'city', decision: null } });
  await board.requestRow(requestId).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/approval-waiting.png` });

  // --- The city's supervisor approves from the queue: the plan runs.
  await signOutAndIn(page, DEMO_ACCOUNTS.supervisor.username, Date.now() + 30_000);
  const approve = board.requestRow(requestId).getByTestId('dispatch-approve');
  await expect(approve).toBeEnabled({ timeout: 30_000 });
  await expect(board.testId('queue-awaiting')).toHaveAttribute('data-count', '1');
  await page.screenshot({ path: `${SCREENS}/approval-supervisor.png` });
  await approve.click();
  await expect(board.requestRow(requestId)).toHaveAttribute('data-status', 'dispatched', { timeout: 20_000 });
  await expect(board.requestRow(requestId).getByTestId('queue-approval')).toHaveCount(0);
  await expect(board.requestRow(requestId).getByTestId('queue-vehicle').first()).toHaveAttribute('data-status', 'enroute');
  await expect.poll(() => stack.backend.stats().queueDepth, { timeout: 20_000 }).toBe(0);
  await expect.poll(async () => (await centralDispatch(dispatchId))?.status, { timeout: 20_000 }).toBe('enroute');
  expect(await centralDispatch(dispatchId)).toMatchObject({ approval: { decision: 'approved', decidedBy: DEMO_ACCOUNTS.supervisor.username } });
  await page.screenshot({ path: `${SCREENS}/approval-approved.png` });
});
