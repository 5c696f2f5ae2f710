import type { Page } from "playwright-core";

/**
 * Polls an expression in the page until it is true. Not page.waitForFunction: that evaluates its
 * string with eval, which a page with a strict Content-Security-Policy (the film player) forbids.
 */
export async function untilInPage(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`still false after ${timeoutMs} ms: ${expression}`);
    await page.waitForTimeout(100);
  }
}
