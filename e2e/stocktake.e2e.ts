/**
 * The readiness ledger's stock-take and labels from the console (issue 13):
 *   - a duty officer imports a handheld reader's export for a site (every tagged item there
 *     heard twice but one, an item of another site, a tag nobody registered), sees it grouped
 *     with counts, the error rate against 0.03% and RFID coverage against 80%, and confirms the
 *     corrections while the link is cut: they queue as asset steps, are shown at once, and reach
 *     the central when the link returns, in the asset's timeline under the officer's name; a bad file before
 *     that is refused naming its row, and nothing is queued;
 *   - QR labels for the site's items print as an A4 sheet: the PDF read back holds every
 *     asset's code and id, and a label's QR code, screenshotted, decodes to the asset's code;
 *     one asset's record prints its one label.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { centralFetch } from '../central/test-support';
import type { MethodResult } from '../shared/board-api';
import type { Asset } from '../shared/assets/schema';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';
import { pdfText } from './support/pdf-text';

const SCREENS = 'test-results/screens';
let stack: Stack | null = null;
test.afterAll(async () => {
  await stack?.close();
});

async function ledger() {
  stack ??= await startStack('stocktake');
  const { backend } = stack;
  const call = <M extends Parameters<typeof backend.call>[0]>(method: M, arg: unknown) => backend.call(method, arg) as Promise<MethodResult<M>>;
  // The whole ledger pulled (the first sync comes in pages: a site read half-way would miss items).
  await expect.poll(() => backend.stats().link.state === 'connected' && backend.stats().cursor >= stack!.central.head().cursor, { timeout: 90_000 }).toBe(true);
  const stored = (await call('asset.list', { state: 'stored', limit: 500 })).assets.filter((a) => a.epc !== null);
  const bySite = new Map<string, Asset[]>();
  for (const a of stored) bySite.set(a.siteId!, [...(bySite.get(a.siteId!) ?? []), a]);
  // The site with the fewest (but a few) tagged items in store on the first page; then all of them.
  const siteId = [...bySite].filter(([, xs]) => xs.length > 3).sort((a, b) => a[1].length - b[1].length)[0]![0];
  const all = await call('asset.list', { siteId, state: 'stored', limit: 500 });
  expect(all.total, 'the site on one page').toBeLessThanOrEqual(500);
  const here = all.assets.filter((a) => a.epc !== null);
  const elsewhere = stored.find((a) => a.siteId !== siteId)!;
  return { stack, call, siteId, here, elsewhere };
}

const centralAsset = async (s: Stack, id: string) => ((await (await centralFetch(`${s.central.url}/snapshot?table=asset`)).json()) as { rows: Asset[] }).rows.find((a) => a.id === id)!;

test('import a stock-take with a missing item and confirm the correction', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(SCREENS, { recursive: true });
  const { stack: s, call, siteId, here, elsewhere } = await ledger();
  const [missing, ...heard] = here;
  expect(heard.length, 'a site with a few tagged items in store').toBeGreaterThan(2);
  const UNKNOWN = 'E2801170FFFFFFFFFFFF0001';
  // Each item heard twice (readers repeat), lower case once, the other site's item, a foreign tag.
  const rows = [...heard.map((a) => a.epc!), ...heard.map((a) => a.epc!.toLowerCase()), elsewhere.epc!, UNKNOWN];
  const csv = ['EPC,RSSI,Antenna', ...rows.map((e, i) => `${e},-${40 + (i % 20)},${1 + (i % 4)}`)].join('\r\n') + '\r\n';

  const duty = new BoardPage(page);
  await duty.open(s.host.boardUrl, 'duty');
  await page.getByTestId('open-readiness').click();
  await page.getByTestId('readiness-tab-stocktake').click();
  await page.getByTestId('stocktake-site').selectOption(siteId);

  // A bad file first: refused, naming its row; nothing sent, nothing queued.
  await page.getByTestId('stocktake-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`EPC,RSSI\r\n${heard[0]!.epc},-40\r\nE28011,-41\r\n`) });
  await expect(page.getByTestId('stocktake-error')).toContainText('未导入');
  await expect(page.getByTestId('stocktake-error').locator('li[data-row="3"]')).toContainText('第 3 行');
  await expect(page.getByTestId('stocktake-accuracy')).toHaveCount(0);
  expect(s.backend.stats().queueDepth).toBe(0);

  // The reader's export.
  await page.getByTestId('stocktake-file').setInputFiles({ name: 'reader.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('stocktake-accuracy')).toBeVisible();
  const group = (g: string) => page.locator(`[data-testid="stocktake-group"][data-group="${g}"]`);
  await expect(group('missing')).toHaveAttribute('data-count', '1');
  await expect(group('missing').locator(`[data-testid="stocktake-row"][data-asset-id="${missing!.id}"]`)).toHaveAttribute('data-step', 'report_missing');
  await expect(group('missing')).toContainText(missing!.qr);
  await expect(group('wrongSite')).toHaveAttribute('data-count', '1');
  await expect(group('wrongSite').locator(`[data-testid="stocktake-row"][data-asset-id="${elsewhere.id}"]`)).toHaveAttribute('data-step', 'transfer');
  await expect(group('unknown')).toHaveAttribute('data-count', '1');
  await expect(group('unknown')).toContainText(UNKNOWN);
  for (const g of ['found', 'out', 'other']) await expect(group(g)).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('stocktake-facts')).toContainText(`读取 ${rows.length} 行`);
  await expect(page.getByTestId('stocktake-facts')).toContainText(`重复读取 ${heard.length} 次已合并`);
  // 3 discrepancies over the site's tagged stock: far over 0.03%; coverage against 80%.
  await expect(page.getByTestId('stocktake-accuracy')).toHaveAttribute('data-error-rate', String(3 / here.length));
  await expect(page.getByTestId('stocktake-accuracy')).toHaveAttribute('data-meets', 'false');
  await expect(page.getByTestId('stocktake-accuracy')).toContainText('0.030%');
  await expect(page.getByTestId('stocktake-coverage')).toContainText('≥ 80.0%');
  const preview = await call('stocktake.preview', { siteId, epcs: [...new Set(rows.map((e) => e.toUpperCase()))], reads: rows.length });
  await expect(page.getByTestId('stocktake-coverage')).toHaveAttribute('data-coverage', String(preview.coverage.site.coverage));
  await page.getByTestId('readiness-panel').screenshot({ path: `${SCREENS}/stocktake.png` });

  // Confirmed with the link cut: queued as two asset steps, shown at once.
  const applied = s.central.stats().commandsApplied;
  s.backend.setCut(true);
  await expect(page.getByTestId('stocktake-confirm')).toHaveText('确认纠正 2 项');
  await page.getByTestId('stocktake-confirm').click();
  await expect(page.getByTestId('stocktake-done')).toHaveAttribute('data-count', '2');
  expect(s.backend.stats().queueDepth).toBe(2);
  expect((await call('asset.detail', { assetId: missing!.id })).asset.state).toBe('missing');
  expect((await call('asset.detail', { assetId: elsewhere.id })).asset.siteId).toBe(siteId);
  // Checked again at once: nothing left to correct but the foreign tag.
  await expect(group('missing')).toHaveAttribute('data-count', '0');
  await expect(group('wrongSite')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('stocktake-confirm')).toBeDisabled();
  await page.getByTestId('readiness-panel').screenshot({ path: `${SCREENS}/stocktake-confirmed.png` });
  expect((await centralAsset(s, missing!.id)).state).toBe('stored');

  // The link returns: the central applies both, once; the officer's name on them in the audit log.
  s.backend.setCut(false);
  await expect.poll(() => s.backend.stats().queueDepth, { timeout: 30_000 }).toBe(0);
  expect(s.central.stats().commandsApplied - applied).toBe(2);
  expect(await centralAsset(s, missing!.id)).toMatchObject({ state: 'missing' });
  expect(await centralAsset(s, elsewhere.id)).toMatchObject({ state: 'stored', siteId });
  await expect.poll(async () => (await call('asset.detail', { assetId: missing!.id })).timeline[0]?.step).toBe('report_missing');
  const timeline = (await call('asset.detail', { assetId: missing!.id })).timeline;
  expect(timeline[0]).toMatchObject({ by: 'demo.duty', to: 'missing', note: expect.stringContaining('盘点纠正') });
});

/** Prints with the page's print dialog held open (window.print stubbed to wait) and runs `whilePrinting` meanwhile. */
async function whilePrinting<T>(page: Page, click: () => Promise<void>, then: () => Promise<T>): Promise<T> {
  await page.evaluate(() => {
    const w = window as unknown as { print: () => unknown; __printDone?: () => void };
    w.print = () => new Promise<void>((done) => (w.__printDone = done));
  });
  await click();
  await expect(page.locator('.label-print [data-testid="label-sheet"]')).toBeAttached();
  try {
    return await then();
  } finally {
    await page.evaluate(() => (window as unknown as { __printDone?: () => void }).__printDone?.());
    await expect(page.locator('.label-print')).toHaveCount(0);
  }
}

test('QR labels for a site’s items print as an A4 sheet: every code in the PDF, and a label’s QR decodes to the asset’s code', async ({ page, context }) => {
  test.setTimeout(180_000);
  mkdirSync(SCREENS, { recursive: true });
  const { stack: s, call, siteId } = await ledger();
  const batch = (await call('asset.list', { siteId, state: 'stored', limit: 500 })).assets;
  expect(batch.length).toBeGreaterThan(2);

  const duty = new BoardPage(page);
  await duty.open(s.host.boardUrl, 'duty');
  await page.getByTestId('open-readiness').click();
  await page.getByTestId('readiness-tab-labels').click();
  await page.getByTestId('labels-site').selectOption(siteId);
  await page.getByTestId('labels-state').selectOption('stored');
  await expect(page.getByTestId('labels-count')).toHaveAttribute('data-count', String(batch.length));
  await page.getByTestId('readiness-panel').screenshot({ path: `${SCREENS}/labels-panel.png` });

  const { text, png, first } = await whilePrinting(
    page,
    () => page.getByTestId('labels-print').click(),
    async () => {
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(`${SCREENS}/labels.pdf`, pdf);
      // One label, as paper shows it, enlarged for the decoder (28 mm of code is ~100 px at 96 dpi).
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => document.querySelector<HTMLElement>('.label-print')!.style.setProperty('zoom', '3'));
      const label = page.locator('.label-print [data-testid="asset-label"]').first();
      const shot = await label.screenshot({ path: `${SCREENS}/label.png` });
      await page.emulateMedia({ media: 'screen' });
      return { text: await pdfText(pdf), png: shot, first: (await label.getAttribute('data-qr'))! };
    },
  );
  const flat = text.replace(/\s+/g, '');
  const types = (await call('asset.types', {})).types;
  expect(flat).toContain(types.find((ty) => ty.id === batch[0]!.typeId)!.name.replace(/\s+/g, ''));
  for (const a of batch) {
    expect(flat, a.qr).toContain(a.qr);
    expect(flat, a.id).toContain(a.id);
  }
  expect(text.split('\f')).toHaveLength(Math.ceil(batch.length / 24));

  // The label's QR code, read from its screenshot by a QR decoder in a blank page (no board CSP there).
  expect(first).toBe(batch.find((a) => a.qr === first)?.qr);
  const decoder = await context.newPage();
  await decoder.addScriptTag({ path: createRequire(import.meta.url).resolve('jsqr') });
  const decoded = await decoder.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [img.width, img.height];
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, img.width, img.height);
    const jsQR = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR;
    return jsQR(data.data, img.width, img.height)?.data ?? null;
  }, png.toString('base64'));
  await decoder.close();
  expect(decoded).toBe(first);

  // One asset's label, from its record (F2, its code): one label on one page.
  const one = batch[batch.length - 1]!;
  await page.keyboard.press('F2');
  await page.getByTestId('asset-scan-code').fill(one.qr);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('asset-qr')).toHaveText(one.qr);
  const single = await whilePrinting(
    page,
    () => page.getByTestId('asset-print-label').click(),
    async () => {
      await expect(page.locator('.label-print [data-testid="asset-label"]')).toHaveCount(1);
      return pdfText(await page.pdf({ format: 'A4', printBackground: true }));
    },
  );
  expect(single.split('\f')).toHaveLength(1);
  expect(single.replace(/\s+/g, '')).toContain(one.qr);
  expect(single.replace(/\s+/g, '')).not.toContain(batch[0]!.qr);

  // Both prints are on the audit log as exports, by the officer, before the sheets were made.
  const audit = await call('audit.list', { action: 'export' });
  const printed = [...audit.local, ...audit.central].filter((e) => e.target === 'export:labels_pdf');
  expect(printed.map((e) => e.detail.rows).sort()).toEqual([1, batch.length].sort());
  expect(printed.every((e) => e.username === 'demo.duty')).toBe(true);
});
