import { expect } from '@playwright/test';
import { BoardPage } from './board-page';

/** The board page with the link-health panel, the site panel's stock booking and vehicle picking. */
export class LinkBoard extends BoardPage {
  async openLinkHealth() {
    if (!(await this.testId('link-health-panel').isVisible())) await this.testId('link-state').click();
    await expect(this.testId('link-health-panel')).toBeVisible();
  }

  async closeAll() {
    // Escape closes the dock panel first, then the side panel.
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    await expect(this.testId('side-panel')).toBeHidden();
    await expect(this.testId('link-health-panel')).toBeHidden();
    await expect(this.testId('conflict-panel')).toBeHidden();
  }

  async openSite(siteId: string) {
    await this.closeAll();
    const site = (await this.sites()).find((s) => s.id === siteId)!;
    const at = await this.project(site.lon, site.lat);
    await this.page.mouse.click(at.x, at.y);
    await expect(this.testId('site-panel')).toBeVisible();
    await expect(this.testId('stock-table')).toBeVisible();
  }

  stockRow(itemId: string) {
    return this.testId('stock-table').locator(`[data-item-id="${itemId}"]`);
  }

  async quantity(itemId: string): Promise<number> {
    return Number(await this.stockRow(itemId).getAttribute('data-quantity'));
  }

  async book(itemId: string, delta: string, reason: string) {
    await this.testId('stock-adjust-item').selectOption(itemId);
    await this.testId('stock-adjust-delta').fill(delta);
    await this.testId('stock-adjust-reason').fill(reason);
    await this.testId('stock-adjust-submit').click();
  }

  /** Opens the panel of some vehicle not in repair. Vehicles stand still while the link is cut, so clicks land. */
  async openServiceableVehicle(): Promise<string> {
    await this.closeAll();
    await this.toggleLayer('depots');
    await this.toggleLayer('quickpicks');
    const panel = this.testId('vehicle-panel');
    const viewport = this.page.viewportSize()!;
    try {
      for (let no = 1; no <= 200; no++) {
        const p = await this.vehiclePosition(no);
        if (!p) continue;
        const at = await this.project(p.lon, p.lat);
        // Clear of the top bar, the banner and the side panel's column.
        if (at.x < 40 || at.y < 120 || at.x > viewport.width - 420 || at.y > viewport.height - 60) continue;
        await this.page.mouse.click(at.x, at.y);
        if (!(await panel.isVisible())) continue;
        await expect(this.testId('vehicle-status')).toBeVisible();
        if ((await this.testId('vehicle-status').getAttribute('data-status')) !== 'maintenance') {
          return (await panel.locator('.side-panel__title').textContent()) ?? '';
        }
        await this.page.keyboard.press('Escape');
      }
      throw new Error('no vehicle out of repair could be clicked');
    } finally {
      await this.toggleLayer('depots');
      await this.toggleLayer('quickpicks');
    }
  }
}
