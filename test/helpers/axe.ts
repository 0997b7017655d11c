/**
 * axe-core in a playwright-core page: `await axeViolations(page)` injects axe-core's own
 * source (evaluated through the DevTools protocol, so a page whose CSP forbids scripts is
 * checked too) and lists what breaks the WCAG 2.x A/AA rules, one entry a rule. Browser suites
 * assert the list is empty, so an accessibility regression fails `npm test`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** The rule tags checked by default: WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  /** The rule, e.g. `color-contrast`. */
  id: string;
  impact: string | null;
  /** How many elements break it. */
  nodes: number;
  help: string;
  /** Selectors of the first few elements, to find them. */
  targets: string[];
}

/**
 * The violations of the rules tagged `tags` (WCAG 2.x A/AA unless told; add `best-practice`
 * for axe's landmark and region rules) on `page` as it is now.
 */
export async function axeViolations(page: Page, tags = WCAG_TAGS): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (values) => {
    type Result = {
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run(...args: unknown[]): Promise<Result> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      nodes: v.nodes.length,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  }, tags);
}
