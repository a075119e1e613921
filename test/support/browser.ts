/// <reference lib="dom" />
/**
 * Headless Debian chromium driven by playwright-core (no browser download).
 * A missing browser fails the test with what to run: nothing is skipped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface Chromium { context: BrowserContext; close(): Promise<void> }

export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`npm run setup\` (scripts/setup-browser.sh installs Debian's chromium: apt-get install -y chromium fonts-wqy-microhei)`);
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'rectify-chromium-'));
  // A fresh profile (--user-data-dir) each run: playwright passes it for a persistent context.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return { context, async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

export async function openHtml(b: Chromium, html: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

/** Cells and labels whose text does not fit (scrollWidth > clientWidth). */
export async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent.slice(0, 60))`);
}

/** axe-core's serious and critical violations on a page (rule id, impact, what failed), at its current viewport. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // Evaluated over the DevTools protocol: the page's CSP (no scripts) does not apply to it.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const found = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary) })))`) as { id: string; impact: string; nodes: string[] }[];
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Whether the elements matched, drawn on one line, keep apart (none runs into the next). */
export async function labelsApart(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(`(() => {
    const r = [...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.getBoundingClientRect()).filter((b) => b.width > 0).sort((a, b) => a.left - b.left);
    return r.every((b, i) => i === 0 || b.left >= r[i - 1].right - 0.5);
  })()`);
}
