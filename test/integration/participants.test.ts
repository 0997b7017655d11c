/**
 * The brief's participants are the people who took part (issue 13, defect 7): one viewer link
 * used to put 500 junk names on the cover, because every name that joined was recorded. Now a
 * name is listed when its person voted, commented, rated or edited (the board says so), or when
 * the facilitator chooses the list; joining alone lists nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually } from '../helpers/clients.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

const JUNK = 500;
let server: InProcessServer;
let created: CreatedBoard;
const open: SessionClient[] = [];

beforeAll(async () => {
  server = await startBoardServer();
  created = await server.createBoard();
});
afterAll(async () => {
  for (const client of open) client.close();
  await server?.close();
});

/** The names on the Markdown brief's cover. */
async function participantsLine(): Promise<string[]> {
  const res = await fetch(
    `${server.baseUrl}/api/boards/${created.id}/export.md?token=${created.tokens.viewer}`,
  );
  expect(res.status).toBe(200);
  const line = (await res.text()).split('\n').find((l) => l.includes('**Participants:**'));
  return line ? line.replace(/.*\*\*Participants:\*\* /, '').split(', ') : [];
}

async function join(token: string, name: string, clientId?: string): Promise<SessionClient> {
  const client = await joinSession(server.baseUrl, {
    boardId: created.id,
    token,
    name,
    ...(clientId && { clientId }),
  });
  open.push(client);
  return client;
}

describe('participants on the brief', () => {
  it('lists nobody for joining: 500 junk names through a viewer link leave the cover unchanged', async () => {
    const before = await participantsLine();
    for (let i = 0; i < JUNK; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: 25 }, (_, j) => join(created.tokens.viewer, `junk-${i + j}`)),
      );
      for (const client of batch) client.close();
    }
    // A vote after the junk: once the voter is listed, every junk join was handled before it.
    const cards = board.fromYDoc(
      board.toYDoc(
        await (
          await fetch(`${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
        ).json(),
      ),
      created.id,
    ).cards;
    const host = await join(created.tokens.facilitator, 'Fumiko Host', 'fumiko-host-01');
    const voter = await join(created.tokens.editor, 'Aiko Voter', 'aiko-voter-001');
    const onlyJoined = await join(created.tokens.editor, 'Ben Onlyjoined', 'ben-joined-001');
    expect(
      await host.send('vote:open', { targetIds: [cards[0].id, cards[1].id], perPerson: 1 }),
    ).toEqual({ ok: true });
    expect(await voter.send('vote:cast', { targetId: cards[0].id })).toEqual({ ok: true });

    const after = await participantsLine();
    expect(after).toEqual([...before, 'Aiko Voter']);
    expect(after.join(', ')).not.toMatch(/junk-|Ben Onlyjoined|Fumiko Host/);
    onlyJoined.close();
  }, 180_000);

  it('lists a commenter from the board itself', async () => {
    const writer = connectClient(server.wsUrl, created.id, created.tokens.editor);
    try {
      await writer.synced();
      const card = board.fromYDoc(writer.doc, created.id).cards[0].id;
      board.addComment(writer.doc, { targetId: card, author: 'Chen Commenter', text: 'Agreed.' });
      await eventually(async () => expect(await participantsLine()).toContain('Chen Commenter'));
    } finally {
      writer.destroy();
    }
  });

  it('lets the facilitator choose the list, and only the facilitator', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko Host', 'fumiko-host-01');
    const editor = await join(created.tokens.editor, 'Aiko Voter', 'aiko-voter-001');
    expect(await editor.send('participants:set', { names: ['Mallory'] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Only a facilitator/),
    });
    expect(await host.send('participants:set', { names: 'Mallory' })).toMatchObject({ ok: false });
    expect(
      await host.send('participants:set', {
        names: Array.from({ length: 201 }, (_, i) => `n${i}`),
      }),
    ).toMatchObject({ ok: false });
    expect(
      await host.send('participants:set', {
        names: ['  Aiko   Voter ', 'Dana\u202e Picked', 'Aiko Voter', ''],
      }),
    ).toEqual({ ok: true });
    await eventually(() =>
      expect(editor.latest().briefParticipants).toEqual(['Aiko Voter', 'Dana Picked']),
    );
    expect(await participantsLine()).toEqual(['Aiko Voter', 'Dana Picked']);
    expect(await host.send('participants:set', { names: null })).toEqual({ ok: true });
    expect(await participantsLine()).toEqual(
      expect.arrayContaining(['Aiko Voter', 'Chen Commenter']),
    );
  });
});
