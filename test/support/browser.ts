import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const screenshotDir = path.join(repoRoot, 'test-artifacts/screenshots');

/** `CHROMIUM_PATH`, else the usual binaries on the PATH; undefined when there is none. */
export function findChromium(): string | undefined {
  const given = process.env.CHROMIUM_PATH;
  if (given) return fs.existsSync(given) ? given : undefined;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  if (!findChromium()) return 'no Chromium: set CHROMIUM_PATH or install chromium (apt-get install chromium)';
  if (!fs.existsSync(path.join(repoRoot, 'packages/web/dist/index.html'))) {
    return 'the console is not built: run `pnpm --filter @twostep/web build`';
  }
  return undefined;
}

/**
 * Debian's Chromium, headless and quiet (no network of its own here). Playwright gives every
 * launch a fresh temporary profile (its own `--user-data-dir`), removed when the browser closes.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * One person's browser window on the console: a fresh context (own cookies), a page that records
 * every console error and uncaught exception, and the checks each screen must pass.
 */
export class ConsoleWindow {
  readonly errors: string[] = [];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly prefix: string,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.errors.push(`page: ${error.message}`));
  }

  /** `prefix` names the screenshots of this window (the test file and the person). */
  static async open(browser: Browser, baseURL: string, prefix: string, viewport = { width: 1280, height: 860 }): Promise<ConsoleWindow> {
    const context = await browser.newContext({ baseURL, viewport, locale: 'en-GB', timezoneId: 'Europe/Zurich', reducedMotion: 'reduce' });
    context.setDefaultTimeout(10_000);
    return new ConsoleWindow(context, await context.newPage(), prefix);
  }

  /** Signs in as a session made by the factory, without the sign-in screens. */
  async useSession(token: string, url: string): Promise<void> {
    await this.context.addCookies([{ name: 'twostep_session', value: token, url }]);
  }

  /**
   * A screen as a person sees it: axe-core finds no serious or critical violation, and its
   * screenshot is saved under test-artifacts/screenshots/ for anyone to look at.
   */
  async checkScreen(name: string): Promise<void> {
    const page = this.page;
    const settled = async (): Promise<void> => {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      // Judged once settled: a list still fetching is drawn faded (`aria-busy`), which is no state to
      // photograph or to measure contrast in. A screen that stays busy is judged after 10 s anyway.
      await page.waitForFunction(`!document.querySelector('[aria-busy="true"]')`, undefined, { timeout: 10_000 }).catch(() => undefined);
    };
    const audit = async (): Promise<{ id: string; impact: string | null | undefined; help: string; nodes: string[] }[]> => {
      // Evaluated rather than added as a <script>: the console's CSP (script-src 'self') stays on
      // and is tested too, and DevTools evaluation is not an inline script.
      if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
      return page.evaluate(async () => {
        const inPage = (globalThis as unknown as { axe: typeof axe }).axe;
        const outcome = await inPage.run({ resultTypes: ['violations'] });
        return outcome.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
        }));
      });
    };
    const serious = (found: Awaited<ReturnType<typeof audit>>) => found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await settled();
    let results = await audit();
    // A fetch that began while axe ran (a live update, a late debounce) fades a list mid-check:
    // judged again once settled. A real violation is still there the second time.
    if (serious(results).length > 0) {
      await settled();
      results = await audit();
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${this.prefix}-${name}.png`), fullPage: true });
    if (serious(results).length > 0) throw new Error(`axe on "${name}": ${JSON.stringify(serious(results), null, 2)}`);
  }

  /**
   * The screen as it is now, again at a phone's width (390 px): checked and photographed as
   * `<name>-narrow`, and no wider than the phone (a wide table scrolls in its own box, not the
   * page). `settle` runs at that width first (to scroll a dialog to its end, say). The window's
   * size is given back afterwards.
   */
  async checkScreenNarrow(name: string, settle?: () => Promise<unknown>): Promise<void> {
    const before = this.page.viewportSize();
    await this.page.setViewportSize({ width: 390, height: 844 });
    try {
      // The resize can reach the page a moment after it resolves: lay out at the phone's width first.
      await this.page.waitForFunction('innerWidth === 390');
      await settle?.();
      await this.checkScreen(`${name}-narrow`);
      const width = await this.page.evaluate('document.documentElement.scrollWidth');
      if (typeof width !== 'number' || width > 390) throw new Error(`"${name}" is ${String(width)} px wide at a phone's 390 px`);
    } finally {
      if (before) await this.page.setViewportSize(before);
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
