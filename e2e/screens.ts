import { expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import type { MethodResult } from '../shared/board-api';
import type { BoardPage } from './board-page';
import type { Stack } from './own-stack';

/**
 * Every screen of the console and the wall, opened the way an officer opens it, for the
 * checks that go over all of them: the English pass (no Chinese left) and axe-core. Each
 * runs on a stack of its own with a small world in it: a dispatch en route, open requests
 * recorded as a site, as a point near a street (in Chinese) and as coordinates, a refused
 * command (a conflict), so every panel has rows to show.
 */

/** What the world holds that the checks need to know: the data that has no English. */
export type World = {
  /** Licence plates (粤A·7919警): official strings, the same in every language. */
  plates: string[];
  /** The crews' names: people's names are not translated. */
  crew: string[];
};

export async function seedWorld(stack: Stack): Promise<World> {
  const { backend } = stack;
  const call = <M extends Parameters<typeof backend.call>[0]>(method: M, arg: unknown) => backend.call(method, arg) as Promise<MethodResult<M>>;
  // The first pull brings the sites, items and vehicles.
  await expect.poll(async () => (await call('board.snapshot', {})).items.length, { timeout: 30_000 }).toBeGreaterThan(0);
  // A dispatch en route to a site recorded by its Chinese name.
  const site = { lon: 11.9525, lat: 57.6925, label: '快取点06·林奈广场' };
  const items = [{ itemId: 'life-jacket', quantity: 12 }];
  const { requestId } = await call('request.create', { destination: site, items, priority: 'orange', requester: 'West station', note: '' });
  for (let attempt = 0; ; attempt++) {
    const plan = await call('dispatch.plan', { destination: { lon: site.lon, lat: site.lat }, items, priority: 'orange' });
    if (!plan.ok) throw new Error(`no plan: ${plan.message}`);
    const runs = plan.plans[0]!.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS }));
    try {
      await call('dispatch.accept', { requestId, runs, confirmBelowSafety: true });
      break;
    } catch (e) {
      // The simulator may have given the vehicle a job of its own meanwhile: plan again.
      if (attempt >= 3) throw e;
    }
  }
  // Open requests: a point near a street and bare coordinates, both recorded in Chinese.
  const twoItems = [...items, { itemId: 'emergency-light', quantity: 4 }];
  await call('request.create', { destination: { lon: 11.9736, lat: 57.7089, label: 'Drottningtorget 附近（11.97360, 57.70890）' }, items: twoItems, priority: 'green', requester: 'East station', note: '' });
  await call('request.create', { destination: { lon: 11.98, lat: 57.7, label: '11.98000, 57.70000' }, items: [{ itemId: 'n95-mask', quantity: 200 }], priority: 'yellow', requester: 'Harbour', note: '' });
  // A refused command: more taken out than the site holds.
  const held = (await call('site.detail', { siteId: 'qp-01' })).stock.find((l) => l.item.id === 'n95-mask')!.quantity;
  await call('stock.adjust', { siteId: 'qp-01', itemId: 'n95-mask', delta: -(held + 1), reason: 'drill' });
  await expect.poll(() => backend.stats().conflicts, { timeout: 20_000 }).toBe(1);
  const snap = await call('board.snapshot', {});
  return { plates: snap.vehicles.map((v) => v.plate), crew: [...new Set(snap.vehicles.flatMap((v) => v.crew))] };
}

/** One screen: how to open it from the bare board, and the element it shows (the check's scope). */
export type Screen = { name: string; open(board: BoardPage): Promise<void>; root: string };

/** Opens a new request form (N), clearing a draft a form closed earlier kept. */
export async function openNewRequest(board: BoardPage) {
  await board.page.keyboard.press('n');
  await expect(board.testId('request-form')).toBeVisible();
  if (await board.testId('request-draft-restored').isVisible()) {
    await board.testId('request-clear').click();
    await board.testId('request-destination').focus();
  }
}

/** Opens the palette, finds an entry by typing, and chooses it with the keyboard. */
async function choose(board: BoardPage, query: string, entryId: string) {
  await board.page.keyboard.press('Control+k');
  await board.testId('palette-input').fill(query);
  const option = board.page.locator(`[data-testid="palette-option"][data-entry-id="${entryId}"]`);
  await expect(option).toBeVisible();
  while ((await option.getAttribute('aria-selected')) !== 'true') await board.page.keyboard.press('ArrowDown');
  await board.page.keyboard.press('Enter');
  await expect(board.testId('command-palette')).toBeHidden();
}

export const CONSOLE_SCREENS: readonly Screen[] = [
  { name: 'board', root: 'body', open: async () => {} },
  {
    name: 'site panel',
    root: '[data-testid="site-panel"]',
    open: async (board) => {
      await choose(board, 'depot-central', 'site:depot-central');
      await expect(board.testId('stock-table').locator('[data-item-id]').first()).toBeVisible();
    },
  },
  {
    name: 'vehicle panel',
    root: '[data-testid="vehicle-panel"]',
    open: async (board) => {
      await choose(board, 'veh-001', 'vehicle:veh-001');
      await expect(board.testId('vehicle-status')).toBeVisible();
    },
  },
  {
    name: 'link health',
    root: '.dock-panel',
    open: async (board) => {
      await board.testId('link-state').click();
      await expect(board.page.locator('.dock-panel')).toBeVisible();
    },
  },
  {
    name: 'conflicts',
    root: '.dock-panel',
    open: async (board) => {
      await board.testId('conflict-indicator').click();
      await expect(board.page.locator('.dock-panel')).toBeVisible();
    },
  },
  {
    name: 'KPI',
    root: '[data-testid="kpi-panel"]',
    open: async (board) => {
      await board.testId('open-kpi').click();
      await expect(board.testId('kpi-figures')).toBeVisible();
    },
  },
  {
    name: 'readiness, vehicle service',
    root: '[data-testid="readiness-panel"]',
    open: async (board) => {
      await board.testId('open-readiness').click();
      await board.testId('readiness-tab-vehicles').click();
      await expect(board.testId('vehicle-service-row').first()).toBeVisible({ timeout: 20_000 });
      // The inline reading form too: its words and its field's label.
      await board.testId('vehicle-service-record').first().click();
      await expect(board.testId('vehicle-service-reading')).toBeFocused();
    },
  },
  {
    name: 'settings',
    root: '[data-testid="settings-panel"]',
    open: async (board) => {
      await board.testId('settings-button').click();
      await expect(board.testId('settings-panel')).toBeVisible();
    },
  },
  {
    name: 'alerts',
    root: '[data-testid="alert-panel"]',
    open: async (board) => {
      await board.testId('alert-indicator').click();
      await expect(board.testId('alert-panel')).toBeVisible();
    },
  },
  {
    name: 'request form with plans',
    root: '[data-testid="request-panel"]',
    open: async (board) => {
      await openNewRequest(board);
      await board.typeRequest({ destination: 'Korsv', items: [{ name: 'helmet', quantity: '8' }], requester: 'South station' });
      await expect(board.testId('plan-2')).toBeVisible({ timeout: 20_000 });
      await expect(board.testId('plan-list')).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    },
  },
  {
    name: 'cancel dialog',
    root: '[data-testid="cancel-dialog"]',
    open: async (board) => {
      await board.testId('request-cancel').first().click();
      await expect(board.testId('cancel-reason')).toBeFocused();
    },
  },
  {
    name: 'palette',
    root: '[data-testid="command-palette"]',
    open: async (board) => {
      await board.page.keyboard.press('Control+k');
      await expect(board.testId('palette-option').first()).toBeVisible();
    },
  },
  {
    name: 'palette, items',
    root: '[data-testid="command-palette"]',
    open: async (board) => {
      await board.page.keyboard.press('Control+k');
      await board.testId('palette-input').fill('n95');
      await expect(board.testId('palette-option').first()).toHaveAttribute('data-entry-id', /^stock:/);
    },
  },
];

/** Back to the bare board: Esc closes one thing per press (palette, popover, dock panel, side panel). */
export async function closeAll(board: BoardPage) {
  const open = board.page.locator(
    '[data-testid="command-palette"], [data-testid="cancel-dialog"], [data-testid="settings-panel"], [data-testid="alert-panel"], .dock-panel, .side-panel, [data-testid="site-panel"], [data-testid="vehicle-panel"]',
  );
  for (let i = 0; i < 8 && (await open.count()) > 0; i++) {
    // The alert list closes on a click outside it, not on Esc.
    if ((await board.testId('alert-panel').count()) > 0) await board.testId('alert-indicator').click();
    else await board.page.keyboard.press('Escape');
  }
  await expect(open).toHaveCount(0);
}

/** The wall's scenes, each shown alone by setting the rotation to it. */
export const WALL_SCENES = ['overview', 'dispatches', 'alerts', 'link', 'readiness'] as const;

export async function showWallScene(stack: Stack, page: Page, scene: (typeof WALL_SCENES)[number]) {
  await stack.backend.call('wall.setSchedule', { scenes: WALL_SCENES.map((id) => ({ id, enabled: id === scene, durationS: 30 })) });
  await page.waitForFunction((s) => window.__jingbaoWall?.scene === s, scene, { timeout: 20_000 });
}

/**
 * Text left in Chinese on the page (or under `root`): visible text, and the words a screen
 * reader or a tooltip says (title, aria-label, placeholder, alt). Skipped: what is marked
 * as Chinese on purpose (`lang="zh-CN"`, a language's own name in the language menu) and
 * the `allowed` strings (data that has no English). Full-width and CJK punctuation count:
 * "，" between English words is a leftover too.
 */
export function chineseLeft(page: Page, root: string, allowed: readonly string[]) {
  return page.evaluate(
    ([rootSel, allow]) => {
      const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
      const scope = document.querySelector(rootSel!) ?? document.body;
      const strip = (s: string) => (allow as string[]).reduce((x, a) => x.split(a).join(' '), s);
      const where = (el: Element) => {
        const tagged = el.closest('[data-testid]');
        const cls = el.getAttribute('class')?.split(' ')[0];
        return `${tagged ? `[${tagged.getAttribute('data-testid')}] ` : ''}${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`;
      };
      const marked = (el: Element) => {
        const l = el.closest('[lang]');
        return l !== null && l !== document.documentElement && l.getAttribute('lang')!.startsWith('zh');
      };
      const seen = (el: Element) => (el as HTMLElement).checkVisibility?.({ visibilityProperty: true }) ?? true;
      const found: { where: string; text: string }[] = [];
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('script, style') || !seen(el) || marked(el)) continue;
        if (CJK.test(strip(n.nodeValue ?? ''))) found.push({ where: where(el), text: (n.nodeValue ?? '').trim() });
      }
      for (const el of [scope, ...scope.querySelectorAll('*')]) {
        if (marked(el) || !seen(el)) continue;
        for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
          const v = el.getAttribute(attr);
          if (v && CJK.test(strip(v))) found.push({ where: `${where(el)} @${attr}`, text: v });
        }
        if (el instanceof HTMLInputElement && CJK.test(strip(el.value))) found.push({ where: `${where(el)} @value`, text: el.value });
      }
      if (rootSel === 'body' && CJK.test(document.title)) found.push({ where: 'document.title', text: document.title });
      return found;
    },
    [root, allowed] as const,
  );
}

const require = createRequire(import.meta.url);
/** axe-core's own bundle, injected as it is (its Playwright wrapper is not installed here). */
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export type AxeFinding = { id: string; impact: string | null; help: string; nodes: { target: string; summary: string }[] };

/**
 * Runs axe-core on the page (WCAG 2.x A and AA, and best practices), and answers what is
 * serious or critical. The board's CSP forbids inline scripts, so the test context
 * bypasses CSP (`bypassCSP`) to inject it.
 */
export async function axeSerious(page: Page, include?: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (scope) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(scope ? { include: [scope] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 6).map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').slice(0, 300) })) }));
  }, include ?? null);
}
