/**
 * The readiness ledger from the console (issue 13): a duty officer scans an item by its QR
 * code typed fast into the page (a keyboard-wedge scanner) — the same code typed by a person
 * opens nothing — sees its record and files a repair; a supervisor on another console
 * approves it with a note (the duty officer's approve button is disabled, naming who may);
 * the duty officer sends it to repair, and the class's readiness in the readiness panel
 * drops. A code that is no asset's says so, naming the code and what it looked like.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { centralFetch } from '../central/test-support';
import { localDay } from '../shared/assets/flight-days';
import type { MethodResult } from '../shared/board-api';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';

const SCREENS = 'test-results/screens';
let stack: Stack | null = null;
test.afterAll(async () => {
  await stack?.close();
});

/** The body cameras' readiness row as the panel shows it: its rate and ready count. */
async function bodycamReadiness(page: Page): Promise<{ rate: number; ready: string }> {
  const row = page.getByTestId('readiness-by-class').locator('tr[data-key="bodycam"]');
  await expect(row).toBeVisible();
  return { rate: Number(await row.getAttribute('data-rate')), ready: (await row.locator('td').nth(3).textContent()) ?? '' };
}

test('scan an item, file a repair, approve it as a supervisor, send it to repair, and see readiness drop', async ({ page, browser }) => {
  test.setTimeout(180_000);
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('readiness');
  const { backend } = stack;
  const call = <M extends Parameters<typeof backend.call>[0]>(method: M, arg: unknown) => backend.call(method, arg) as Promise<MethodResult<M>>;
  // The ledger arrives with the first pull; a body camera in store, with no request open.
  await expect.poll(async () => (await call('asset.list', { class: 'bodycam', state: 'stored', limit: 200 })).total, { timeout: 60_000 }).toBeGreaterThan(0);
  const stored = (await call('asset.list', { class: 'bodycam', state: 'stored', limit: 200 })).assets;
  const open = new Set((await call('repairs.list', {})).repairs.map((r) => r.target.id));
  const asset = stored.find((a) => a.pendingRequestId === null && !open.has(a.id))!;
  expect(asset, 'a stored body camera with no open request').toBeTruthy();

  const duty = new BoardPage(page);
  await duty.open(stack.host.boardUrl, 'duty');

  // Readiness before.
  await page.getByTestId('open-readiness').click();
  const before = await bodycamReadiness(page);
  await page.getByTestId('dock-close').click();

  // A code that is no asset's: the lookup field (F2) says which code, and what it looked like.
  await page.keyboard.press('F2');
  await expect(page.getByTestId('asset-scan-code')).toBeFocused();
  await page.getByTestId('asset-scan-code').fill('JB-ZZ999999');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('asset-scan-error')).toContainText('JB-ZZ999999');
  await expect(page.getByTestId('asset-scan-error')).toContainText('二维码');
  await page.getByTestId('dock-close').click();

  // Typed by a person (80 ms a key): not a scan, nothing opens.
  await page.locator('body').click({ position: { x: 5, y: 890 } }).catch(() => undefined);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type(asset.qr, { delay: 80 });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('asset-record')).toHaveCount(0);

  // A scanned code with an N in it: the scanner's N is part of the code, not the new-request key.
  await page.keyboard.type('JB-NN000001', { delay: 5 });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(800);
  await expect(page.getByTestId('request-panel')).toHaveCount(0);

  // Scanned (a burst, 5 ms a key, then Enter): its record opens.
  await page.keyboard.type(asset.qr, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('asset-record')).toBeVisible();
  await expect(page.getByTestId('asset-qr')).toHaveText(asset.qr);
  await expect(page.getByTestId('asset-state')).toHaveAttribute('data-status', 'stored');
  await expect(page.getByTestId('asset-timeline').locator('li').first()).toBeVisible();

  // File a repair.
  await page.getByTestId('asset-file-repair').click();
  await page.getByTestId('asset-file-reason').fill('镜头破裂，无法录像');
  await page.getByTestId('asset-file-send').click();
  await expect(page.getByTestId('asset-file-done')).toBeVisible();
  await expect(page.getByTestId('asset-requests').locator('li[data-status="filed"]')).toContainText('镜头破裂');
  // Sending it to repair waits for a supervisor's approval.
  await expect(page.getByTestId('asset-step-send_to_repair')).toBeDisabled();
  await page.screenshot({ path: `${SCREENS}/asset-record.png` });

  // The duty officer may not approve: the button is disabled and says who may. (The requests
  // are in the top bar for who decides them; a duty officer reaches them from 装备完好率.)
  await expect(page.getByTestId('open-repairs')).toHaveCount(0);
  await page.getByTestId('open-readiness').click();
  await page.getByTestId('readiness-open-repairs').click();
  const dutyRow = page.locator(`[data-testid="repair-row"][data-target-id="${asset.id}"]`);
  await expect(dutyRow).toHaveAttribute('data-status', 'filed');
  await expect(dutyRow.getByTestId('repair-approve')).toBeDisabled();
  await expect(dutyRow.getByTestId('repair-approve')).toHaveAttribute('title', /值班领导/);

  // A supervisor, on another console, approves it with a note.
  const supContext = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
  const supPage = await supContext.newPage();
  const supervisor = new BoardPage(supPage);
  await supervisor.open(stack.host.boardUrl, 'supervisor');
  await supPage.getByTestId('open-repairs').click();
  const supRow = supPage.locator(`[data-testid="repair-row"][data-target-id="${asset.id}"]`);
  await expect(supRow).toHaveAttribute('data-status', 'filed');
  await supRow.getByTestId('repair-approve').click();
  await expect(supRow.getByTestId('repair-decide')).toBeDisabled(); // a note is required
  await supRow.getByTestId('repair-note').fill('同意送修');
  await supPage.screenshot({ path: `${SCREENS}/repairs-approve.png` });
  await supRow.getByTestId('repair-decide').click();
  await expect(supRow).toHaveAttribute('data-status', 'approved');
  await supContext.close();

  // The duty officer sends it to repair.
  await expect(dutyRow).toHaveAttribute('data-status', 'approved');
  await dutyRow.getByTestId('repair-send').click();
  await expect(dutyRow).toHaveAttribute('data-status', 'in_repair');
  await page.screenshot({ path: `${SCREENS}/repairs-panel.png` });
  await expect(page.getByTestId('asset-state')).toHaveAttribute('data-status', 'in_repair');

  // Readiness for body cameras drops by the one in repair.
  await page.getByTestId('open-readiness').click();
  await expect.poll(async () => (await bodycamReadiness(page)).rate).toBeLessThan(before.rate);
  const after = await bodycamReadiness(page);
  expect(Number(after.ready.replace(/\D/g, ''))).toBe(Number(before.ready.replace(/\D/g, '')) - 1);
  await page.screenshot({ path: `${SCREENS}/readiness-panel.png` });
});

/**
 * The readiness view's other figures (issue 13): vehicle turnout beside readiness, the 30-day
 * trend as a chart with its values in a table, the drone batteries against the 5% red line
 * (a row opens the battery's record), and the items past or near their service life; each
 * figure the same as the board API's.
 */
test('the readiness view: turnout, the 30-day trend, drone batteries against the red line, service life', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(SCREENS, { recursive: true });
  stack ??= await startStack('readiness');
  const { backend } = stack;
  const call = <M extends Parameters<typeof backend.call>[0]>(method: M, arg: unknown) => backend.call(method, arg) as Promise<MethodResult<M>>;
  await expect.poll(async () => (await call('readiness.batteries', {})).count, { timeout: 60_000 }).toBeGreaterThan(0);

  const duty = new BoardPage(page);
  await duty.open(stack.host.boardUrl, 'duty');
  await page.getByTestId('open-readiness').click();

  // Turnout beside readiness, as the API has it (vehicles move: polled).
  await expect.poll(async () => Number(await page.getByTestId('turnout-overall').getAttribute('data-rate'))).toBe((await call('readiness.turnout', {})).overall.rate);
  // The trend: a line against the target, its values as a table, how complete in words.
  const trend = await call('readiness.trend', {});
  await expect(page.getByTestId('readiness-trend').locator('.recharts-line')).toBeVisible();
  await expect(page.getByTestId('readiness-trend-table').locator('tbody tr')).toHaveCount(30);
  await expect(page.getByTestId('readiness-trend-summary')).toContainText('近 30 天');
  await expect(page.getByTestId('readiness-trend-summary')).toContainText('98.0%');
  await expect(page.getByTestId('readiness-trend-complete')).toContainText(trend.completeFrom === null ? '30 天的数据完整' : '起数据完整');
  await page.screenshot({ path: `${SCREENS}/readiness-trend.png` });
  // A class's own line: its row's name shows it in the chart (the API's points), chosen again or 全部: the whole.
  const cls = (await call('readiness.summary', {})).byClass.find((r) => r.key === 'bodycam')!;
  expect(cls.inService).toBeGreaterThan(0);
  await page.getByTestId('readiness-by-class').locator('tr[data-key="bodycam"]').getByTestId('readiness-trend-of').click();
  await expect(page.getByTestId('readiness-trend-title')).toContainText('执法记录仪');
  const classTrend = await call('readiness.trend', { class: 'bodycam' });
  await expect(page.getByTestId('readiness-trend-table').locator('tbody tr')).toHaveCount(30);
  // Today's row (a date, then rate, ready, in service): the class's, not the whole ledger's.
  const today = page.getByTestId('readiness-trend-table').locator('tbody tr').last().locator('td');
  await expect(today.nth(1)).toHaveText(String(classTrend.points.at(-1)!.ready));
  await expect(today.nth(2)).toHaveText(String(cls.inService));
  expect(cls.inService).toBeLessThan((await call('readiness.summary', {})).overall.inService);
  await page.screenshot({ path: `${SCREENS}/readiness-trend-class.png` });
  await page.getByTestId('readiness-trend-whole').click();
  await expect(page.getByTestId('readiness-trend-title')).not.toContainText('执法记录仪');
  await expect(page.getByTestId('readiness-by-class').locator('tr[data-key="bodycam"]').getByTestId('readiness-trend-of')).toHaveAttribute('aria-pressed', 'false');

  // Drone batteries: the share against the red line is the API's, and so is the list.
  await page.getByTestId('readiness-tab-batteries').click();
  const batteries = await call('readiness.batteries', {});
  await expect(page.getByTestId('battery-share')).toHaveAttribute('data-share', String(batteries.share));
  await expect(page.getByTestId('battery-share')).toContainText('%');
  await expect(page.getByTestId('battery-replace')).toHaveAttribute('data-count', String(batteries.replaceToHold));
  await expect(page.getByTestId('battery-crosses')).toHaveAttribute('data-days', batteries.crossesInDays === null ? '' : String(batteries.crossesInDays));
  await expect(page.getByTestId('battery-row')).toHaveCount(batteries.replaceFirst.length);
  await page.screenshot({ path: `${SCREENS}/readiness-batteries.png` });

  // Storage readings from a logger's CSV (the battery model's heat and damp): a file with a bad
  // row is refused whole, naming the row; a good one is previewed, confirmed, and the central has it.
  const hour = 3_600_000;
  const start = Math.floor(Date.now() / hour) * hour - 2 * 24 * hour;
  const times = Array.from({ length: 24 }, (_, i) => start + i * hour);
  const csv = (rows: string[]) => ['站点,时间,温度,湿度', ...rows].join('\n');
  const row = (site: string, at: number, temp: number) => `${site},${new Date(at).toISOString()},${temp},55`;
  const badFile = `${SCREENS}/climate-bad.csv`;
  const goodFile = `${SCREENS}/climate-good.csv`;
  writeFileSync(badFile, csv([row('depot-central', times[0]!, 21), row('depot-central', times[1]!, 95)]));
  writeFileSync(goodFile, csv(times.flatMap((at, i) => [row('depot-central', at, 20 + (i % 4)), row('qp-03', at, 28 + (i % 6))])));
  await page.getByTestId('climate-file').setInputFiles(badFile);
  await expect(page.getByTestId('climate-error')).toContainText('第 3 行');
  await expect(page.getByTestId('climate-preview')).toHaveCount(0);
  await page.getByTestId('climate-file').setInputFiles(goodFile);
  const climate = page.getByTestId('climate-preview');
  await expect(climate).toHaveAttribute('data-rows', '48');
  await expect(climate).toHaveAttribute('data-sites', '2');
  await page.screenshot({ path: `${SCREENS}/readiness-climate-preview.png` });
  await page.getByTestId('climate-confirm').click();
  await expect(page.getByTestId('climate-done')).toHaveAttribute('data-readings', '48');
  const mine = new Set(times);
  await expect
    .poll(async () => {
      const rows = ((await (await centralFetch(`${stack!.central.url}/snapshot?table=climate_reading`)).json()) as { rows: { siteId: string; at: number; tempC: number }[] }).rows;
      return rows.filter((r) => (r.siteId === 'depot-central' || r.siteId === 'qp-03') && mine.has(r.at)).length;
    }, { timeout: 20_000 })
    .toBe(48);

  // Cycle counts from a flight log (the count the old warning model left out): a row naming a
  // battery the ledger does not have refuses the file, naming the row; a good log for two
  // batteries is previewed with each count before and after, confirmed, applied by the central,
  // and the replace-first list reads the new counts.
  const b1 = batteries.replaceFirst[0];
  const b2 = (await call('asset.list', { class: 'drone_battery', state: 'stored', limit: 50 })).assets.find((a) => a.id !== b1?.assetId && a.cycles !== null);
  if (!b1 || !b2 || b2.cycles === null) throw new Error('the demo ledger has a battery on the replace-first list, and another in store');
  const dayMs = 86_400_000;
  // The division's calendar days (Beijing time: a log's dates without a zone are read so).
  const date = (daysAgo: number) => localDay(Date.now() - daysAgo * dayMs);
  const log = (rows: string[]) => ['电池,日期,循环次数', ...rows].join('\n');
  const badLog = `${SCREENS}/flight-log-bad.csv`;
  const goodLog = `${SCREENS}/flight-log-good.csv`;
  writeFileSync(badLog, log([`${b1.qr},${date(2)},${b1.cycles + 3}`, `JB-NOSUCH01,${date(2)},5`]));
  writeFileSync(goodLog, log([`${b1.qr},${date(2)},${b1.cycles + 3}`, `${b1.qr},${date(1)},${b1.cycles + 7}`, `${b2.qr},${date(1)},${b2.cycles + 2}`]));
  await page.getByTestId('cycles-file').setInputFiles(badLog);
  await expect(page.getByTestId('cycles-error')).toContainText('第 3 行');
  await expect(page.getByTestId('cycles-error')).toContainText('JB-NOSUCH01');
  await expect(page.getByTestId('cycles-preview')).toHaveCount(0);
  await page.getByTestId('cycles-file').setInputFiles(goodLog);
  const cycles = page.getByTestId('cycles-preview');
  await expect(cycles).toHaveAttribute('data-batteries', '2');
  await expect(cycles.locator(`li[data-asset="${b1.assetId}"]`)).toHaveAttribute('data-after', String(b1.cycles + 7));
  await expect(cycles.locator(`li[data-asset="${b1.assetId}"]`)).toHaveAttribute('data-before', String(b1.cycles));
  await cycles.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/readiness-cycles-preview.png` });
  await page.getByTestId('cycles-confirm').click();
  await expect(page.getByTestId('cycles-done')).toHaveAttribute('data-batteries', '2');
  await expect
    .poll(async () => (await call('outbox.list', {})).entries.filter((e) => e.type === 'asset.cycles').map((e) => e.state), { timeout: 20_000 })
    .toEqual(['applied', 'applied']);
  await expect.poll(async () => (await call('readiness.batteries', {})).replaceFirst.find((x) => x.assetId === b1.assetId)?.cycles, { timeout: 20_000 }).toBe(b1.cycles + 7);

  // Flights a day (架次): each battery's day counted once. Today's two sorties on two rows add
  // to the counter just read (yesterday's); a day on or before the counter's day is in it. The
  // same log again is previewed as unchanged, its days already in the ledger. The battery's
  // record then says how hard it is flown, measured from its flight days.
  const sorties = `${SCREENS}/flight-log-sorties.csv`;
  writeFileSync(sorties, ['电池,飞行日期,架次', `${b1.qr},${date(9)},1`, `${b1.qr},${date(3)},2`, `${b1.qr},${date(0)},1`, `${b1.qr},${date(0)},1`].join('\n'));
  await page.getByTestId('cycles-file').setInputFiles(sorties);
  const flights = page.getByTestId('cycles-preview');
  await expect(flights).toHaveAttribute('data-mode', 'flights');
  await expect(flights.locator(`li[data-asset="${b1.assetId}"]`)).toHaveAttribute('data-after', String(b1.cycles + 9));
  await expect(flights.locator(`li[data-asset="${b1.assetId}"]`)).toHaveAttribute('data-covered', '2');
  await expect(flights).toContainText(`${date(9)} 至 ${date(0)}`);
  await flights.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/readiness-flights-preview.png` });
  await page.getByTestId('cycles-confirm').click();
  await expect(page.getByTestId('cycles-done')).toHaveAttribute('data-batteries', '1');
  await expect
    .poll(async () => (await call('outbox.list', {})).entries.filter((e) => e.type === 'asset.flights').map((e) => e.state), { timeout: 20_000 })
    .toEqual(['applied']);
  await page.getByTestId('cycles-file').setInputFiles(sorties);
  await expect(flights.locator(`li[data-asset="${b1.assetId}"]`)).toHaveAttribute('data-known', '3');
  await expect(flights.locator(`li[data-asset="${b1.assetId}"]`)).toHaveAttribute('data-after', String(b1.cycles + 9));
  await page.screenshot({ path: `${SCREENS}/readiness-flights-again.png` });
  await page.getByTestId('cycles-cancel').click();
  await expect.poll(async () => (await call('readiness.batteries', {})).replaceFirst.find((x) => x.assetId === b1.assetId)?.cycles, { timeout: 20_000 }).toBe(b1.cycles + 9);
  const record = await call('asset.detail', { assetId: b1.assetId });
  expect(record.battery?.flown?.to).toBe(date(0));
  expect(record.battery?.cyclesPerDay).toBeGreaterThan(0);

  const first = batteries.replaceFirst[0];
  if (first) {
    await page.getByTestId('battery-row').first().getByTestId('battery-open').click();
    await expect(page.getByTestId('asset-record')).toBeVisible();
    await expect(page.getByTestId('asset-qr')).toHaveText(first.qr);
    // Its health and pace as the model has them, the same figure as the list's.
    const opened = await call('asset.detail', { assetId: first.assetId });
    await expect(page.getByTestId('asset-battery-health')).toContainText(`${(opened.battery!.health * 100).toFixed(1)}%`);
    await expect(page.getByTestId('asset-battery-pace')).toHaveAttribute('data-measured', opened.battery!.flown ? 'true' : 'false');
    await page.getByTestId('asset-battery-pace').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/asset-record-battery.png` });
  }

  // Service life: the counts per type are the API's; a type's list opens.
  await page.getByTestId('readiness-tab-serviceLife').click();
  const life = await call('readiness.serviceLife', {});
  await expect(page.getByTestId('service-life-total').locator('td').nth(1)).toHaveText(String(life.total.expired));
  await expect(page.getByTestId('service-life-total').locator('td').nth(2)).toHaveText(String(life.total.expiring));
  await expect(page.getByTestId('service-life-row')).toHaveCount(Math.min(200, life.entriesTotal));
  const helmets = life.byType.find((r) => r.typeId === 'helmet-fb-2');
  if (helmets) {
    await page.locator('[data-testid="service-life-by-type"] tr[data-type-id="helmet-fb-2"]').getByTestId('service-life-type').click();
    await expect(page.getByTestId('service-life-row')).toHaveCount(Math.min(200, helmets.expired + helmets.expiring));
  }
  await page.screenshot({ path: `${SCREENS}/readiness-service-life.png` });
});

test('vehicle service: due by mileage or by date, a slip of the keyboard refused in words, a service recorded leaves the list; a supervisor sets the interval', async ({ page, browser }) => {
  test.setTimeout(120_000);
  mkdirSync(SCREENS, { recursive: true });
  stack ??= await startStack('readiness');
  const { backend } = stack;
  const call = <M extends Parameters<typeof backend.call>[0]>(method: M, arg: unknown) => backend.call(method, arg) as Promise<MethodResult<M>>;
  await expect.poll(async () => (await call('readiness.service', {})).vehicles, { timeout: 60_000 }).toBeGreaterThan(0);

  const duty = new BoardPage(page);
  await duty.open(stack.host.boardUrl, 'duty');
  await page.getByTestId('open-readiness').click();
  // Keyboard first: the tab is reached and chosen with the keyboard.
  await page.getByTestId('readiness-tab-vehicles').focus();
  await page.keyboard.press('Enter');
  const summary = page.getByTestId('vehicle-service-summary');
  const rows = page.getByTestId('vehicle-service-row');
  // The list is the API's, in its order (overdue first); odometers go on as the fleet drives, so
  // the page and a fresh read are compared together until they agree.
  const shown = async () => ({ overdue: await summary.getAttribute('data-overdue'), ids: await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-vehicle-id'))) });
  const api = async () => {
    const r = await call('readiness.service', {});
    return { overdue: String(r.overdue), ids: r.due.map((d) => d.vehicleId) };
  };
  await expect.poll(async () => JSON.stringify(await shown()) === JSON.stringify(await api()), { timeout: 20_000 }).toBe(true);
  const report = await call('readiness.service', {});
  expect(report.overdue).toBeGreaterThan(0);
  await expect(summary).toContainText(`保养逾期 ${report.overdue} 辆`);
  const first = report.due[0]!;
  const row = page.locator(`[data-testid="vehicle-service-row"][data-vehicle-id="${first.vehicleId}"]`);
  await expect(row).toHaveAttribute('data-status', 'overdue');
  await expect(row).toContainText(first.plate);
  await page.screenshot({ path: `${SCREENS}/readiness-vehicle-service.png` });

  // The form opens with the odometer on record; an extra digit is refused, in words, nothing queued.
  await row.getByTestId('vehicle-service-record').click();
  const input = page.getByTestId('vehicle-service-reading');
  await expect(input).toBeFocused();
  const prefilled = Number(await input.inputValue());
  expect(Math.abs(prefilled - first.service.odometerKm)).toBeLessThan(50);
  await input.fill(`${prefilled}0`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('vehicle-service-error')).toContainText('相差超过 1,000 公里');
  await page.screenshot({ path: `${SCREENS}/readiness-vehicle-service-refused.png` });
  expect((await call('outbox.list', {})).entries.filter((e) => e.type === 'vehicle.recordService')).toEqual([]);

  // The reading as read: the vehicle leaves the list at once, and the central has it.
  await input.fill(String(prefilled + 3));
  await page.keyboard.press('Enter');
  await expect(row).toHaveCount(0);
  await expect
    .poll(async () => (await call('outbox.list', {})).entries.filter((e) => e.type === 'vehicle.recordService').map((e) => e.state), { timeout: 20_000 })
    .toEqual(['applied']);
  const vehicles = ((await (await centralFetch(`${stack.central.url}/snapshot?table=vehicle`)).json()) as { rows: { id: string; service?: { lastServiceKm: number } }[] }).rows;
  expect(vehicles.find((v) => v.id === first.vehicleId)?.service?.lastServiceKm).toBe(prefilled + 3);
  await expect.poll(async () => JSON.stringify(await shown()) === JSON.stringify(await api()), { timeout: 20_000 }).toBe(true);
  expect((await shown()).ids).not.toContain(first.vehicleId);

  // The vehicle's own panel (from the palette, by its id): the odometer and the next service, now a full interval away.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill(first.vehicleId);
  const option = page.locator(`[data-testid="palette-option"][data-entry-id="vehicle:${first.vehicleId}"]`);
  await expect(option).toBeVisible();
  while ((await option.getAttribute('aria-selected')) !== 'true') await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  // (The fleet drives on: a few km may have been added since the reading.)
  const km = (text: string | null) => Number(/([\d,]+) 公里/.exec(text ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
  await expect.poll(async () => km(await page.getByTestId('vehicle-odometer').textContent())).toBeGreaterThanOrEqual(prefilled + 3);
  expect(km(await page.getByTestId('vehicle-odometer').textContent())).toBeLessThan(prefilled + 3 + 50);
  await expect(page.getByTestId('vehicle-next-service')).toHaveAttribute('data-status', 'ok');
  expect(km(await page.getByTestId('vehicle-next-service').textContent())).toBeGreaterThan(first.service.intervalKm - 50);
  // 登记保养 from the vehicle panel too (the same field): a correction of the reading, queued and applied.
  await page.getByTestId('vehicle-action-service').click();
  await expect(page.getByTestId('vehicle-service-reading')).toBeFocused();
  await page.getByTestId('vehicle-service-reading').fill(String(prefilled + 4));
  await page.screenshot({ path: `${SCREENS}/vehicle-panel-service.png` });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('vehicle-service-reading')).toHaveCount(0);
  await expect
    .poll(async () => (await call('outbox.list', {})).entries.filter((e) => e.type === 'vehicle.recordService').map((e) => e.state), { timeout: 20_000 })
    .toEqual(['applied', 'applied']);
  await expect.poll(async () => km(await page.getByTestId('vehicle-odometer').textContent()), { timeout: 20_000 }).toBeGreaterThanOrEqual(prefilled + 4);

  // The service interval: shown to the duty officer, changed by a supervisor only (保养周期).
  const interval = page.getByTestId('vehicle-service-interval');
  await expect(interval).toHaveAttribute('data-km', String(first.service.intervalKm));
  await expect(page.getByTestId('vehicle-service-interval-edit')).toHaveCount(0);
  const supContext = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const supPage = await supContext.newPage();
  await new BoardPage(supPage).open(stack.host.boardUrl, 'supervisor');
  await supPage.keyboard.press('Control+k');
  await supPage.getByTestId('palette-input').fill(first.vehicleId);
  const supOption = supPage.locator(`[data-testid="palette-option"][data-entry-id="vehicle:${first.vehicleId}"]`);
  await expect(supOption).toBeVisible();
  while ((await supOption.getAttribute('aria-selected')) !== 'true') await supPage.keyboard.press('ArrowDown');
  await supPage.keyboard.press('Enter');
  await supPage.getByTestId('vehicle-service-interval-edit').click();
  await expect(supPage.getByTestId('service-interval-km')).toBeFocused();
  // Out of range: said under the fields, nothing sent.
  await supPage.getByTestId('service-interval-km').fill('500');
  await supPage.keyboard.press('Enter');
  await expect(supPage.getByTestId('service-interval-error')).toContainText('1,000–100,000 公里');
  const longer = first.service.intervalKm + 5_000;
  await supPage.getByTestId('service-interval-km').fill(String(longer));
  await supPage.getByTestId('service-interval-months').fill('18');
  await supPage.screenshot({ path: `${SCREENS}/vehicle-panel-service-interval.png` });
  await supPage.keyboard.press('Enter');
  await expect(supPage.getByTestId('service-interval-form')).toHaveCount(0);
  await expect(supPage.getByTestId('vehicle-service-interval')).toHaveAttribute('data-km', String(longer));
  await expect(supPage.getByTestId('vehicle-service-interval')).toContainText(`每 ${longer.toLocaleString('en-US')} 公里或 18 个月`);
  await expect
    .poll(async () => (await call('outbox.list', {})).entries.filter((e) => e.type === 'vehicle.setServiceInterval').map((e) => e.state), { timeout: 20_000 })
    .toEqual(['applied']);
  // The duty officer's board follows once the central has it.
  await expect(interval).toHaveAttribute('data-km', String(longer), { timeout: 20_000 });
  await supContext.close();
});
