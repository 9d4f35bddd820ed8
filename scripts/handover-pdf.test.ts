/**
 * The printed handover, end to end on paper: the real document component (renderer/duty/) in a
 * page with the console's stylesheets and some app chrome, printed to PDF by Debian's Chromium
 * (as `printHandover` mounts it: a `.handover-print` container under <body>), then read back
 * with pdf.js (e2e/support/pdf-text.ts). Proves the Chinese survives as text, the page is A4,
 * a long handover runs onto a second page, and nothing of the app is printed.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createElement, type ComponentType, type ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupplyRequest } from '../shared/dispatch/schema';
import { draftHandover, type HandoverInput } from '../shared/duty/handover';
import type { Handover } from '../shared/duty/schema';
import { shanghai as at, signedHandover } from '../shared/duty/testing/handover-sample';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const root = resolve(import.meta.dirname, '..');

/**
 * Modules of other projects, loaded at run time by path: the renderer's (vitest compiles their
 * JSX; this folder's tsconfig, Node without DOM or JSX, must not type-check renderer code) and
 * the e2e support's (tsconfig.e2e.json's; a static import would pull it into this project).
 */
async function moduleAt<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ join(root, path))) as T;
}
const pdfText = async (bytes: Uint8Array): Promise<string> => (await moduleAt<{ pdfText(bytes: Uint8Array): Promise<string> }>('e2e/support/pdf-text.ts')).pdfText(bytes);

const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A busy day shift: 60 open requests, enough lines to need a second A4 page. */
function busyShift(): HandoverInput {
  const requests: SupplyRequest[] = Array.from({ length: 60 }, (_, i) => ({
    id: U(i + 1),
    destination: { lon: 121.4, lat: 31.2, label: `第 ${i + 1} 派出所` },
    items: [{ itemId: 'life-jacket', quantity: 10 + i }],
    priority: 'orange',
    requester: '',
    note: '',
    createdAt: at('2026-12-03T19:00:00') + i * 30_000,
    deadlineAt: at('2026-12-03T19:30:00') + i * 60_000,
    status: 'open',
    deliveredAt: null,
  }));
  return {
    shift: { id: 'day', name: '白班', team: '一组', start: at('2026-12-03T08:00:00'), end: at('2026-12-03T20:00:00') },
    now: at('2026-12-03T19:50:00'),
    timeZone: 'Asia/Shanghai',
    requests,
    dispatches: [],
    alerts: [],
    outages: [{ from: at('2026-12-03T14:02:00'), to: at('2026-12-03T14:40:00'), queued: 12 }],
    drills: [],
    vehiclesOut: [{ id: 'veh-7', plate: '沪A·5M302', status: 'maintenance' }],
    assetsOut: [{ typeName: '执法记录仪', count: 3 }],
    stockBelowSafety: [{ site: '东区区域库', item: '救生衣', quantity: 40, safetyLevel: 100 }],
    figures: { dispatches: 3, delivered: 2, avgS: 1680, p90S: 2820, onTimeShare: 0.5 },
    names: { items: { 'life-jacket': '救生衣' }, vehicles: {} },
  };
}

const draft = draftHandover(busyShift(), 'zh-CN').text;
const notes = '请接班同志 20:05 前电话确认城东派出所救生衣到达。';
const record = signedHandover(draft, notes);

/** pdf.js returns runs of text with line breaks where the PDF has them: compare without whitespace. */
const squeezed = (s: string) => s.replace(/\s+/g, '');

describe('the handover printed to PDF', () => {
  let browser: Browser;
  let pdf: Uint8Array;

  beforeAll(async () => {
    const { renderAs } = await moduleAt<{ renderAs(role: 'duty', node: ReactNode): string }>('renderer/ui/testing/render-as.tsx');
    const { HandoverDocument } = await moduleAt<{ HandoverDocument: ComponentType<{ record: Handover; timeZone?: string }> }>('renderer/duty/HandoverDocument.tsx');
    const markup = renderAs('duty', createElement(HandoverDocument, { record, timeZone: 'Asia/Shanghai' }));
    const css = ['renderer/ui/ui.css', 'renderer/duty/duty.css'].map((f) => `<style>${readFileSync(join(root, f), 'utf8')}</style>`).join('');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.setContent(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${css}</head><body>` +
        `<div id="root"><header>警保指挥台 控制台顶栏 APPCHROME</header><main>地图 APPCHROME</main></div>` +
        `<div class="print-page handover-print">${markup}</div></body></html>`,
    );
    pdf = await page.pdf({ preferCSSPageSize: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reads back the Chinese as text: title, shift, team, sections, notes, signatures, hash', async () => {
    const text = squeezed(await pdfText(pdf));
    for (const words of ['交接班记录', '白班', '一组', '救生衣', '一、未结需求', '七、本班调拨指标', '东区区域库·救生衣40，安全线100，缺60', notes, '张伟（zhangwei）', '未接班', record.contentHash]) {
      expect(text).toContain(squeezed(words));
    }
  });

  it('is A4 and runs onto a second page, each request whole', async () => {
    const text = await pdfText(pdf);
    const pages = text.split('\f');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // A4 is 595.28 × 841.89 pt; Chromium rounds its page to whole device pixels (594.96 × 841.92).
    const boxes = [...Buffer.from(pdf).toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBe(pages.length);
    for (const [w, h] of boxes) {
      expect(Math.abs(w! - 595.28)).toBeLessThan(1);
      expect(Math.abs(h! - 841.89)).toBeLessThan(1);
    }
    for (let n = 1; n <= 60; n++) expect(squeezed(text)).toContain(`[橙]第${n}派出所·救生衣${9 + n}·待调派`);
    expect(squeezed(pages.at(-1)!)).toContain(record.contentHash);
  });

  it('prints nothing of the app around it', async () => {
    expect(await pdfText(pdf)).not.toContain('APPCHROME');
  });
});
