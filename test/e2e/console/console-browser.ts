import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (tools/ensure-chromium.sh installs it for `npm test`), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `no Chromium at ${path}: run \`apt-get install -y --no-install-recommends chromium\` ` +
        '(tools/ensure-chromium.sh does it for npm test) or set CHROMIUM_PATH',
    );
  }
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true });
}

export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'reports', 'console');

/** Saves a full-page screenshot under reports/console/, named after the step. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What the page keeps in web storage and its URL: where a credential must never be. */
export async function storageAndUrl(page: Page): Promise<{ local: string; url: string }> {
  const local = await page.evaluate<string>('JSON.stringify({ ...localStorage })');
  return { local, url: page.url() };
}
