/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); Playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/admin-console');

export function chromiumPresent(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine has no network beyond loopback: background services would only fail noisily.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface CspWatch {
  violations(page: Page): Promise<string[]>;
}

/** Records every CSP violation the page reports (the listener is injected before any page script). */
export async function watchCsp(context: BrowserContext): Promise<CspWatch> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return {
    violations: (page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []),
  };
}

export interface AxeSummary {
  page: string;
  violations: Array<{ id: string; impact: string | null | undefined; nodes: number }>;
}

/** axe-core over the whole page; returns every violation with its impact. */
export async function axe(page: Page, name: string): Promise<AxeSummary> {
  const result = await new AxeBuilder({ page }).analyze();
  const summary: AxeSummary = {
    page: name,
    violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
  };
  // One line per page checked, so a run leaves the whole accessibility picture beside its screenshots.
  await mkdir(SCREENSHOTS, { recursive: true });
  await appendFile(
    path.join(SCREENSHOTS, 'axe.jsonl'),
    `${JSON.stringify({ ...summary, passes: result.passes.length })}\n`,
  );
  return summary;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
