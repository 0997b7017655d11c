/**
 * Gap detection in real Chromium: the Gaps panel flags a one-sided theme, a one-sided friction
 * and an uncited source of a live board, in each person's language (Japanese loads when chosen,
 * also mid-session); a measure added by someone else clears its flag on every page without a
 * reload, and a flag jumps to its place.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSONInput } from '../../shared/board/index.ts';
import * as board from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { connectClient } from '../helpers/clients.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';

const canRun = browserAvailable();

const json: BoardJSONInput = {
  format: 'briefing-board',
  version: 1,
  id: 'gaps',
  title: 'Gaps',
  columns: [
    { id: 'us', label: 'United States', country: 'US' },
    { id: 'jp', label: 'Japan', country: 'JP' },
  ],
  rows: [
    { id: 'r1', title: 'Chips', summary: '' },
    { id: 'r2', title: 'Screening', summary: '' },
  ],
  cards: [
    {
      id: 'c1',
      rowId: 'r1',
      columnId: 'us',
      title: 'CHIPS Act',
      body: '',
      kind: 'promotion',
      sourceIds: ['s1'],
    },
    {
      id: 'c2',
      rowId: 'r1',
      columnId: 'jp',
      title: 'Rapidus aid',
      body: '',
      kind: 'promotion',
      sourceIds: ['s1'],
    },
    {
      id: 'c3',
      rowId: 'r2',
      columnId: 'us',
      title: 'CFIUS',
      body: '',
      kind: 'protection',
      sourceIds: ['s1'],
    },
  ],
  frictions: [
    {
      id: 'f1',
      title: 'Only Washington',
      body: '',
      severity: 'low',
      status: 'open',
      cardIds: ['c1', 'c3'],
    },
  ],
  sources: [
    { id: 's1', label: '[1]', citation: 'Cited', url: '' },
    { id: 's2', label: '[2]', citation: 'Never cited', url: '' },
  ],
};

const flags = (page: Page) =>
  page
    .locator('[data-gap]')
    .evaluateAll((items) =>
      items.map((li) => `${li.getAttribute('data-gap')}:${li.getAttribute('data-gap-target')}`),
    );

describe.skipIf(!canRun)('the gaps panel', { timeout: 120_000 }, () => {
  const session = useBrowserSession();

  it('flags what is missing, in each language, live, and jumps to it', async () => {
    const created = await session.server.createBoard({ board: json });
    const ann = await session.person('Ann', created, 'editor', { height: 500 });
    const ken = await session.person('Ken', created, 'viewer', { locale: 'ja' });
    for (const { page } of [ann, ken]) {
      await page.waitForSelector('[data-gaps-panel][data-gap-count="3"]', WAIT);
      await page.locator('[data-gaps-panel] summary').click();
      expect(await flags(page)).toEqual([
        'one-sided-theme:r2',
        'one-sided-friction:f1',
        'uncited-source:s2',
      ]);
    }
    const theme = '[data-gap="one-sided-theme"]';
    expect(await ann.page.locator(theme).textContent()).toContain(
      '“Screening” has measures for the United States but none for Japan.',
    );
    expect(await ken.page.locator(theme).textContent()).toContain(
      '「Screening」には米国の施策がありますが、日本の施策がありません。',
    );
    await session.shot(ann.page, 'gaps-panel');

    // Switching to 日本語 loads the Japanese text then and there; switching back restores English.
    await ann.page.locator('.locale-switch button[lang="ja"]').click();
    await ann.page.waitForFunction(
      (s) => document.querySelector(s)?.textContent?.includes('日本の施策がありません'),
      theme,
      WAIT,
    );
    await ann.page.locator('.locale-switch button[lang="en"]').click();
    await ann.page.waitForFunction(
      (s) => document.querySelector(s)?.textContent?.includes('none for Japan'),
      theme,
      WAIT,
    );

    // Someone else adds a Japanese measure to the theme: the flag goes on both pages.
    const writer = connectClient(session.server.wsUrl, created.id, created.tokens.editor);
    await writer.synced();
    board.addCard(writer.doc, {
      rowId: 'r2',
      columnId: 'jp',
      title: 'FEFTA review',
      kind: 'protection',
      sourceIds: ['s2'],
    });
    for (const { page } of [ann, ken]) {
      await page.waitForSelector('[data-gaps-panel][data-gap-count="1"]', WAIT);
      expect(await flags(page)).toEqual(['one-sided-friction:f1']);
    }
    writer.destroy();

    // A flag takes you to the friction it is about, closing the panel.
    await ann.page.locator('[data-gap="one-sided-friction"] button').click();
    await ann.page.waitForFunction(
      () => !document.querySelector<HTMLDetailsElement>('[data-gaps-panel]')!.open,
    );
    await ann.page.waitForFunction(() => {
      const box = document.querySelector('[data-friction-id="f1"]')!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }, WAIT);
    expect([...ann.errors, ...ken.errors]).toEqual([]);
  });
});
