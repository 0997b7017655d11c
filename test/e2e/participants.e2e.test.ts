/**
 * The facilitator edits the brief's participants (issue 14, point 8), in real Chromium at
 * 1440×900 against a real server: the Export menu shows the list, a save puts the edited
 * names on the brief's cover (export.md), "Reset to who took part" brings back the people who
 * voted; an editor gets no such control. Run `npm run build` first after changing web/.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BoardJSON } from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

const canRun = browserAvailable();
const SIZE = { width: 1440, height: 900 };

describe.skipIf(!canRun)('the brief participants editor', { timeout: 180_000 }, () => {
  const session = useBrowserSession();
  const clients: SessionClient[] = [];
  afterAll(() => {
    for (const client of clients) client.close();
  });

  it('saves the edited names onto the brief and resets to who took part (1440×900)', async () => {
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const base = session.server.baseUrl;
    /** The names on the Markdown brief's cover. */
    const cover = async (): Promise<string[]> => {
      const res = await fetch(
        `${base}/api/boards/${board.id}/export.md?token=${board.tokens.viewer}`,
      );
      expect(res.status).toBe(200);
      const line = (await res.text()).split('\n').find((l) => l.includes('**Participants:**'));
      return line ? line.replace(/.*\*\*Participants:\*\* /, '').split(', ') : [];
    };

    // Aiko takes part by voting.
    const json = (await (
      await fetch(`${base}/api/boards/${board.id}?token=${board.tokens.viewer}`)
    ).json()) as BoardJSON;
    const join = async (token: string, name: string) => {
      const client = await joinSession(base, { boardId: board.id, token, name });
      clients.push(client);
      return client;
    };
    const host = await join(board.tokens.facilitator, 'Host Script');
    const aiko = await join(board.tokens.editor, 'Aiko Voter');
    const targetIds = [json.cards[0].id, json.cards[1].id];
    expect(await host.send('vote:open', { targetIds, perPerson: 1 })).toEqual({ ok: true });
    expect(await aiko.send('vote:cast', { targetId: targetIds[0] })).toEqual({ ok: true });
    await expect.poll(cover, WAIT).toContain('Aiko Voter');

    // An editor has no participants control in the Export menu.
    const editor = await session.person('Ed', board, 'editor', SIZE);
    await editor.page.locator('[data-export-menu]').click();
    await editor.page.locator('[data-export="brief"]').waitFor(WAIT);
    expect(await editor.page.locator('[data-brief-participants]').count()).toBe(0);

    const lead = await session.person('Fumiko', board, 'facilitator', SIZE);
    const { page } = lead;
    await page.locator('[data-export-menu]').click();
    const panel = page.locator('[data-brief-participants]');
    await panel.waitFor(WAIT);
    expect(await panel.getAttribute('data-chosen')).toBe('false');
    await session.shot(page, 'participants-1440');

    await page.locator('[data-participants-text]').fill('Dana Picked\n  Eli Chosen \n\n');
    await page.locator('[data-participants-save]').click();
    await expect.poll(cover, WAIT).toEqual(['Dana Picked', 'Eli Chosen']);
    await expect.poll(() => panel.getAttribute('data-chosen'), WAIT).toBe('true');
    expect(host.latest().briefParticipants).toEqual(['Dana Picked', 'Eli Chosen']);

    // Kept in the session: a reload shows the saved list.
    await page.reload();
    await page.locator('[data-export-menu]').click();
    await expect
      .poll(() => page.locator('[data-participants-text]').inputValue(), WAIT)
      .toBe('Dana Picked\nEli Chosen');

    await page.locator('[data-participants-reset]').click();
    await expect.poll(cover, WAIT).toContain('Aiko Voter');
    expect(await cover()).not.toContain('Dana Picked');
    await expect.poll(() => panel.getAttribute('data-chosen'), WAIT).toBe('false');
    expect(await page.locator('[data-participants-text]').inputValue()).toBe('');
    expect([...lead.errors, ...editor.errors]).toEqual([]);
  });
});
