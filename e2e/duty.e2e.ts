/**
 * The duty shift, end to end (issue 14): a supervisor sets the duty settings in the console
 * (red closed within 1 minute; a shift boundary a minute or two from now); a red request
 * arrives and raises its alert as a central record; the owner acknowledges it; it escalates
 * on its own when overdue; the shift ends; the handover is drafted with it; the outgoing
 * officer (demo.duty) writes a note and signs; he may not take his own handover over; the
 * incoming officer (demo.supervisor) signs as taken over; the record is printed through
 * Chromium's PDF printing and its text read back.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import type { Role } from '../shared/auth/roles';
import type { BoardMethod, MethodArg, MethodResult } from '../shared/board-api';
import type { DutyConfig } from '../shared/duty/schema';
import { epochToZoned } from '../shared/duty/zoned-time';
import { BoardPage } from './board-page';
import { boardSocket, sessionCookie } from './sign-in';
import { axeSerious } from './screens';
import { pdfText } from './support/pdf-text';
import { boardCall } from './wall-page';

const MINUTE = 60_000;
const ZONE = 'Asia/Shanghai';
const LABEL = `交接班测试点-${Date.now() % 100_000}`;
const NOTE = '请接班同志核实东门广场红色预警处置情况。';

type Answer<M extends BoardMethod> = { ok: true; value: MethodResult<M> } | { ok: false; error: { code: string; message: string } };

const cookies = new Map<Role, Promise<string>>();
/** One board call as a demo account of `role` (boardCall is always the supervisor): its answer or its refusal's code. */
async function callAs<M extends BoardMethod>(role: Role, method: M, arg: MethodArg<M>): Promise<Answer<M>> {
  if (!cookies.has(role)) cookies.set(role, sessionCookie(process.env.JB_BOARD_URL!, role));
  const cookie = await cookies.get(role)!;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(boardSocket(process.env.JB_BOARD_URL!), { headers: { cookie } });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${method}: no answer`));
    }, 10_000);
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, arg })));
    ws.on('message', (data, binary) => {
      if (binary) return;
      const m = JSON.parse(String(data)) as { kind: string; id?: number; ok?: boolean; value?: unknown; error?: { code: string; message: string } };
      if (m.kind !== 'result' || m.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      resolve(m.ok ? { ok: true, value: m.value as MethodResult<M> } : { ok: false, error: m.error! });
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const clock = (t: number) => epochToZoned(t, ZONE).time;

/** Opens a dock panel from the command palette, as an officer would (Ctrl+K, its name, Enter). */
async function openFromPalette(board: BoardPage, query: string, entryId: string) {
  await board.page.keyboard.press('Control+k');
  await board.testId('palette-input').fill(query);
  await expect(board.testId('palette-option').first()).toHaveAttribute('data-entry-id', entryId);
  await board.page.keyboard.press('Enter');
}

/** Waits for every queued command of a type to be applied by the central. */
async function appliedAll(type: string) {
  await expect
    .poll(async () => (await boardCall('outbox.list', {})).entries.filter((e) => e.type === type).every((e) => e.state === 'applied'), { timeout: 20_000 })
    .toBe(true);
}

test.setTimeout(8 * MINUTE);
// axe-core is injected as a script of its own (the board's CSP allows only its own): screens.ts.
test.use({ bypassCSP: true });

test('a red alert goes overdue, the shift ends, the handover is signed out, taken over and printed', async ({ page }) => {
  mkdirSync('test-results/screens', { recursive: true });
  const saved: DutyConfig = (await boardCall('duty.settings', {})).config;
  let requestId: string | null = null;
  try {
    // The shift boundary: the next whole minute at least 75 s away (the alert is overdue by then).
    const boundary = Math.ceil((Date.now() + 75_000) / MINUTE) * MINUTE;
    const board = new BoardPage(page);
    await board.open(process.env.JB_BOARD_URL, 'supervisor');

    // Settings → 值班设置: red answered and closed within 1 minute, the shifts moved to the boundary.
    await board.testId('settings-button').click();
    await board.testId('open-duty-settings').click();
    const settings = board.testId('duty-settings-panel');
    await expect(settings).toBeVisible();
    await expect(settings).toContainText('文件：5 天');
    expect(await axeSerious(page, '[data-testid="duty-settings-panel"]')).toEqual([]);
    await board.testId('duty-red-respondMin').fill('1');
    await board.testId('duty-red-closeMin').fill('1');
    await board.testId('duty-shift-1-start').fill(clock(boundary));
    await board.testId('duty-shift-1-end').fill(clock(boundary + 12 * 60 * MINUTE));
    await board.testId('duty-shift-0-start').fill(clock(boundary - 12 * 60 * MINUTE));
    // Half-way through, the shifts leave an hour uncovered: said by its times before saving, and saving waits.
    await board.testId('duty-shift-0-end').fill(clock(boundary - 60 * MINUTE));
    await expect(board.testId('duty-settings-problems')).toContainText(`${clock(boundary - 60 * MINUTE)}–${clock(boundary)} 不在任何班次`);
    await expect(board.testId('duty-settings-save')).toBeDisabled();
    await settings.screenshot({ path: 'test-results/screens/duty-settings.png' });
    await board.testId('duty-shift-0-end').fill(clock(boundary));
    await expect(board.testId('duty-settings-problems')).toHaveCount(0);
    await board.testId('duty-settings-save').click();
    await expect(board.testId('duty-settings-saved')).toBeVisible();
    await appliedAll('duty.configure');
    const config = (await boardCall('duty.settings', {})).config;
    expect(config.levels.red).toEqual({ respondMin: 1, closeMin: 1 });
    const ending = (await boardCall('duty.settings', {})).shift;
    expect(ending.end).toBe(boundary);

    // A red request arrives: its alert is a central record, owned by the officer on duty.
    ({ requestId } = await boardCall('request.create', {
      destination: { lon: 11.9736, lat: 57.7089, label: LABEL },
      items: [{ itemId: 'life-jacket', quantity: 5 }],
      priority: 'red',
      requester: 'e2e',
      note: '',
    }));
    const alertId = `red_request:${requestId}`;
    const alertOf = async () => (await boardCall('alert.list', {})).alerts.find((a) => a.id === alertId);
    await expect.poll(async () => (await alertOf())?.provisional, { timeout: 30_000 }).toBe(false);
    const raised = (await alertOf())!;
    expect(raised.level).toBe('red');
    expect(raised.closeBy! - raised.raisedAt).toBe(MINUTE);

    // The owner acknowledges it.
    const ack = await callAs('duty', 'alert.acknowledge', { alertId, commandId: randomUUID() });
    expect(ack.ok).toBe(true);
    await expect.poll(async () => (await alertOf())?.acknowledged?.by, { timeout: 20_000 }).toBe('demo.duty');

    // Not closed within its minute: escalated on its own, and the overdue mark stays on file.
    await expect.poll(async () => (await alertOf())?.escalations.some((e) => e.reason === 'overdue_close'), { timeout: 100_000, intervals: [2000] }).toBe(true);
    expect((await alertOf())!.overdue.close).not.toBeNull();

    // The shift ends.
    const wait = boundary + 2000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);

    // The outgoing officer: the handover of the shift that ended, drafted with the alert.
    await page.keyboard.press('Control+Shift+L');
    await expect(page.getByTestId('signin')).toBeVisible();
    await board.open(process.env.JB_BOARD_URL, 'duty');
    await openFromPalette(board, '交接班', 'action:handover');
    const panel = board.testId('handover-panel');
    await expect(board.testId('handover-shift')).not.toHaveAttribute('data-shift-id', ending.id);
    await board.testId('handover-prev').click();
    await expect(board.testId('handover-shift')).toHaveAttribute('data-shift-id', ending.id);
    const draft = board.testId('handover-draft');
    const alertLine = draft.locator('[data-section="alerts"] li', { hasText: LABEL });
    await expect(alertLine).toContainText('办结超时');
    await board.testId('handover-notes').fill(NOTE);
    await board.testId('handover-sign').click();
    const record = panel.getByTestId('handover-record');
    await expect(record).toHaveAttribute('data-handover-id', ending.id);
    await expect(record.getByTestId('handover-record-notes')).toHaveText(NOTE);
    await expect(record).toContainText(LABEL);

    // He may not take his own handover over: not offered, and refused if asked.
    await expect(board.testId('handover-own')).toContainText('交班人与接班人不能是同一人');
    await expect(board.testId('handover-takeover-sign')).toHaveCount(0);
    const signed = (await boardCall('handover.list', {})).handovers.find((h) => h.id === ending.id)!;
    expect(signed.outgoing.username).toBe('demo.duty');
    const own = await callAs('duty', 'handover.takeOver', { handoverId: signed.id, contentHash: signed.contentHash, commandId: randomUUID() });
    expect(own.ok ? null : own.error.code).toBe('same_person');
    await page.screenshot({ path: 'test-results/screens/handover-signed.png' });

    // The incoming officer reads the signed text and signs as taken over.
    await page.keyboard.press('Control+Shift+L');
    await expect(page.getByTestId('signin')).toBeVisible();
    await board.open(process.env.JB_BOARD_URL, 'supervisor');
    await openFromPalette(board, '交接班', 'action:handover');
    const takeOver = board.testId('handover-takeover');
    await expect(takeOver).toHaveAttribute('data-handover-id', ending.id);
    await expect(takeOver).toContainText(LABEL);
    await expect(takeOver).toContainText(NOTE);
    await expect(takeOver).toContainText(signed.contentHash.slice(0, 12));
    await board.testId('handover-panel').screenshot({ path: 'test-results/screens/handover.png' });
    expect(await axeSerious(page, '[data-testid="handover-panel"]')).toEqual([]);
    await board.testId('handover-takeover-sign').click();
    await expect(takeOver).toHaveCount(0);
    await board.testId('handover-prev').click();
    await expect(record).toHaveAttribute('data-taken-over', 'true');
    const both = (await boardCall('handover.list', {})).handovers.find((h) => h.id === ending.id)!;
    expect(both.outgoing.username).toBe('demo.duty');
    expect(both.incoming?.username).toBe('demo.supervisor');
    await expect(record.getByTestId('handover-record-incoming')).toContainText(both.incoming!.displayName);

    // Printed: the print view mounted, Chromium prints it to PDF, the text read back.
    const text = await printToPdf(page, () => record.getByTestId('handover-print').click());
    const flat = text.replace(/\s+/g, '');
    for (const words of ['交接班记录', both.shiftName, LABEL, '办结超时', both.outgoing.displayName, both.incoming!.displayName, NOTE, both.contentHash.slice(0, 16)]) expect(flat, words).toContain(words.replace(/\s+/g, ''));
  } finally {
    // Other tests share the stack: the settings as they were, and no red request left open.
    await boardCall('duty.configure', { config: saved, commandId: randomUUID() });
    if (requestId) await boardCall('request.cancel', { requestId, reason: 'e2e: duty shift test done', commandId: randomUUID() }).catch(() => undefined);
    await appliedAll('duty.configure');
  }
});

/**
 * Clicks a print button with the page's print dialog held open (window.print stubbed to wait),
 * prints the page as Chromium would on paper (print media, A4), then lets the dialog close.
 */
async function printToPdf(page: Page, click: () => Promise<void>): Promise<string> {
  await page.evaluate(() => {
    const w = window as unknown as { print: () => unknown; __printDone?: () => void };
    w.print = () => new Promise<void>((done) => (w.__printDone = done));
  });
  await click();
  await expect(page.locator('.handover-print [data-testid="handover-document"]')).toBeAttached();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await page.evaluate(() => (window as unknown as { __printDone?: () => void }).__printDone?.());
  await expect(page.locator('.handover-print')).toHaveCount(0);
  return pdfText(pdf);
}
