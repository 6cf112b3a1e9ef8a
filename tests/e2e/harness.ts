/**
 * The end-to-end fixture: one Chromium per test file, a fresh page per app, page errors collected and
 * failed on (after VS Code's and Playwright's Electron fixtures). Helpers read the drawn graph back.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from './browser';

export const CHROMIUM = chromiumPath();

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
}

export interface AppPage {
  page: Page;
  errors: string[];
}

/** Opens the app and waits until the graph has been laid out and painted. */
export async function openApp(
  browser: Browser,
  options: { theme?: 'light' | 'dark'; width?: number; height?: number; reducedMotion?: boolean } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.theme ?? 'light',
    reducedMotion: options.reducedMotion ? 'reduce' : 'no-preference',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(inject('appUrl'));
  await waitPainted(page);
  return { page, errors };
}

/** The exercise's backward editor. */
export const EDITOR = '[data-testid="backward-editor"]';

/**
 * "Start the exercise" and waits for its editor: from the lecture's forward pass panel (the sample with its
 * answers blank), or from the Notebook tab of the notebook on screen (its own backward cells).
 */
export async function openExercise(page: Page, from: 'lecture' | 'notebook' = 'lecture'): Promise<void> {
  const start = from === 'lecture' ? '.code-panel .start-exercise' : '.notebook-panel [data-command="start-exercise"]';
  await page.waitForSelector(start, { timeout: 90_000 });
  await page.click(start);
  await page.waitForSelector(`${EDITOR} .cm-content`, { timeout: 90_000 });
}

/** The whole editor's text replaced at once (a paste). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.click(`${EDITOR} .cm-content`);
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
}

export async function waitPainted(page: Page): Promise<void> {
  await page.waitForSelector('.config-bar output[data-status="ready"]', { timeout: 30_000 });
  await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 30_000 });
}

/** Types a value into a config bar field and applies it, as a user does (Enter). */
export async function setConfigField(page: Page, name: string, value: string): Promise<void> {
  const input = page.locator(`.config-bar input[name="${name}"]`);
  await input.fill(value);
  await input.press('Enter');
}

/** Runs `action`, then waits for the core to run again and the graph to be painted again. */
export async function afterRerun(page: Page, action: () => Promise<void>): Promise<void> {
  const runs = await page.evaluate(() => performance.getEntriesByName('core:run-end').length);
  await action();
  await page.waitForFunction((n) => performance.getEntriesByName('core:run-end').length > n, runs, { timeout: 30_000 });
  await waitPainted(page);
}

export interface DrawnNode {
  id: string;
  kind: string;
  title: string;
  subtitle: string;
  classes: string;
}

export function drawnNodes(page: Page): Promise<DrawnNode[]> {
  return page.$$eval('svg.graph g.node', (gs) =>
    gs.map((g) => ({
      id: g.getAttribute('data-id') ?? '',
      kind: g.getAttribute('data-kind') ?? '',
      title: g.querySelector('.title')?.textContent ?? '',
      subtitle: g.querySelector('.subtitle')?.textContent ?? '',
      classes: g.getAttribute('class') ?? '',
    })),
  );
}

export interface DrawnLabel {
  source: string;
  target: string;
  text: string;
  broadcast: boolean;
}

export function drawnEdgeLabels(page: Page): Promise<DrawnLabel[]> {
  return page.$$eval('svg.graph g.edge-label', (gs) =>
    gs.map((g) => ({
      source: g.getAttribute('data-source') ?? '',
      target: g.getAttribute('data-target') ?? '',
      text: g.querySelector('text')?.textContent ?? '',
      broadcast: g.classList.contains('broadcast'),
    })),
  );
}

/** The graph's zoom scale, read from the drawn transform. */
export async function zoomScale(page: Page): Promise<number> {
  const t = await page.getAttribute('svg.graph g.viewport', 'transform');
  const m = /scale\(([\d.e-]+)\)/.exec(t ?? '');
  return m ? Number(m[1]) : NaN;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page, each as `rule: target`. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}
