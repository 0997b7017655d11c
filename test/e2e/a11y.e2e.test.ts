/**
 * axe-core on every web page in real Chromium, in English and Japanese: the lobby, the board as
 * editor, facilitator and viewer in each view (full, compact, overview), with a card open in the
 * side panel, a theme rated, a dot vote open and the shortcut list open, present mode and the
 * brief page. Any WCAG 2.x A/AA violation fails, listed with its rule and the elements that
 * break it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser.ts';
import { axeViolations, type AxeViolation } from '../helpers/axe.ts';
import { CONNECTED, useBrowserSession, WAIT } from '../helpers/e2e.ts';
import { joinSession } from '../helpers/facilitation.ts';

const canRun = browserAvailable();
const LANGS = ['en', 'ja'] as const;
const ROLES = ['editor', 'facilitator', 'viewer'] as const;
const VIEWS = ['full', 'compact', 'overview'] as const;

/** One line a broken rule: its id, impact, count and the first elements that break it. */
function describeViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.map(
    (v) => `${where}: ${v.id} (${v.impact}, ${v.nodes}) ${v.help} — ${v.targets.join(' | ')}`,
  );
}

describe.skipIf(!canRun)('axe-core on every page', { timeout: 240_000 }, () => {
  const session = useBrowserSession();

  /** The violations found on `page` now, as lines naming `where`. */
  const scan = async (page: Page, where: string) =>
    describeViolations(where, await axeViolations(page));

  for (const lang of LANGS) {
    const template = lang === 'ja' ? 'us-japan-economic-security-ja' : 'us-japan-economic-security';

    it(`the lobby, present mode and the brief page have none in ${lang}`, async () => {
      const board = await session.server.createBoard({ template });
      const { page } = await session.blank('Aiko', { locale: lang, width: 1440, height: 900 });
      const found: string[] = [];

      await page.goto(`${session.server.baseUrl}/`);
      await page.locator('[data-create-board]').first().waitFor(WAIT);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      found.push(...(await scan(page, 'lobby')));

      await page.goto(
        `${session.server.baseUrl}/b/${board.id}/present?token=${board.tokens.facilitator}`,
      );
      await page.locator('[data-present-page][data-driving="true"]').waitFor(WAIT);
      await page.locator('[data-present-focus]').waitFor(WAIT);
      found.push(...(await scan(page, 'present (facilitator)')));

      await page.goto(`${session.server.baseUrl}/b/${board.id}/brief?token=${board.tokens.viewer}`);
      await page.frameLocator('iframe[data-brief-frame]').locator('main').first().waitFor(WAIT);
      found.push(...(await scan(page, 'brief page')));

      expect(found).toEqual([]);
    });

    for (const role of ROLES) {
      it(`the board as ${role} has none in any view in ${lang}`, async () => {
        const board = await session.server.createBoard({ template });
        const { page } = await session.person('Aiko', board, role, {
          locale: lang,
          width: 1440,
          height: 900,
        });
        const found: string[] = [];
        for (const view of VIEWS) {
          await page.goto(
            `${session.server.baseUrl}/b/${board.id}?token=${board.tokens[role]}&view=${view}`,
          );
          await page.waitForSelector(CONNECTED, WAIT);
          await page.locator(`[data-view="${view}"] [data-row-id]`).first().waitFor(WAIT);
          found.push(...(await scan(page, `${role} ${view}`)));
        }
        // A card open in the side panel, with its comments.
        await page.goto(
          `${session.server.baseUrl}/b/${board.id}?token=${board.tokens[role]}&view=full`,
        );
        await page.waitForSelector(CONNECTED, WAIT);
        // A theme rated (its alignment chip and the pickers open) and a dot vote open.
        if (role !== 'viewer') {
          await page.locator('[data-alignment-rate]').first().click();
          await page.locator('[data-rate-aligned="4"]').first().click();
          await page.locator('[data-rate-importance="3"]').first().click();
          await page.locator('[data-alignment-chip]').first().waitFor(WAIT);
        }
        const lead = await joinSession(session.server.baseUrl, {
          boardId: board.id,
          token: board.tokens.facilitator,
          name: 'Lead',
        });
        const frictions = await page
          .locator('[data-friction-id]')
          .evaluateAll((els) => els.slice(0, 2).map((el) => el.getAttribute('data-friction-id')));
        expect(await lead.send('vote:open', { targetIds: frictions, perPerson: 2 })).toEqual({
          ok: true,
        });
        await page.locator('[data-vote-drawer]').waitFor(WAIT);
        found.push(...(await scan(page, `${role} rated theme, vote open`)));
        lead.close();
        await page.locator('[data-card-id] .more').first().click();
        await page.locator('[data-inspector-card]').waitFor(WAIT);
        found.push(...(await scan(page, `${role} card in side panel`)));
        // The keyboard shortcuts dialog.
        await page.locator('[data-shortcuts]').click();
        await page.locator('dialog[data-shortcuts-dialog][open]').waitFor(WAIT);
        found.push(...(await scan(page, `${role} shortcuts dialog`)));
        expect(found).toEqual([]);
      });
    }
  }
});
