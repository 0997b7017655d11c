/**
 * Garbage, truncated and oversized frames close only the offending connection; the server
 * stays up and every other client keeps syncing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as board from '../../shared/board/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually, rawSocket, type TestClient } from '../helpers/clients.ts';

let server: InProcessServer;
let created: CreatedBoard;
let a: TestClient;
let b: TestClient;

beforeAll(async () => {
  server = await startBoardServer({ env: { MAX_MESSAGE_BYTES: String(64 * 1024) } });
  created = await server.createBoard();
  a = connectClient(server.wsUrl, created.id, created.tokens.editor);
  b = connectClient(server.wsUrl, created.id, created.tokens.editor);
  await Promise.all([a.synced(), b.synced()]);
});

afterAll(async () => {
  a?.destroy();
  b?.destroy();
  await server?.close();
});

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

async function stillSyncing(marker: string): Promise<void> {
  const id = board.fromYDoc(a.doc, created.id).cards[0].id;
  board.editCardText(a.doc, id, 'body', marker);
  await eventually(() => expect(board.cardText(b.doc, id, 'body').toString()).toBe(marker));
}

const url = () =>
  `${server.wsUrl}/${created.id}?token=${encodeURIComponent(created.tokens.editor)}`;

describe('bad frames', () => {
  const cases: [string, Uint8Array | string][] = [
    ['an unknown message type', frame((e) => encoding.writeVarUint(e, 99))],
    ['a truncated varint', new Uint8Array([0x80])],
    [
      'a sync message with a huge length prefix',
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint(e, 0xffffffff);
      }),
    ],
    [
      'an unknown sync message',
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 7);
      }),
    ],
    [
      'an update that is not a Yjs update',
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 2, 3, 4, 5, 6]));
      }),
    ],
    [
      'awareness that is not JSON',
      frame((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(
          e,
          frame((x) => {
            encoding.writeVarUint(x, 1);
            encoding.writeVarUint(x, 42);
            encoding.writeVarUint(x, 1);
            encoding.writeVarString(x, '{not json');
          }),
        );
      }),
    ],
    ['a text frame', 'hello'],
    ['an empty frame', new Uint8Array([])],
  ];

  for (const [name, payload] of cases) {
    it(`${name} closes that connection with 1007; others go on`, async () => {
      const raw = await rawSocket(url());
      raw.ws.send(payload);
      const { code } = await raw.closed;
      expect(code).toBe(1007);
      await stillSyncing(`after ${name}`);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    });
  }

  it('a frame over the limit closes with 1009; others go on', async () => {
    const raw = await rawSocket(url());
    raw.ws.send(new Uint8Array(65 * 1024));
    const { code } = await raw.closed;
    expect(code).toBe(1009);
    await stillSyncing('after an oversized frame');
  });

  it('a client whose edit is too large sees 1009 and does not loop', async () => {
    const big = connectClient(server.wsUrl, created.id, created.tokens.editor);
    await big.synced();
    const id = board.fromYDoc(big.doc, created.id).cards[1].id;
    board.editCardText(big.doc, id, 'body', 'x'.repeat(100 * 1024));
    await eventually(() => expect(big.closeCodes).toContain(1009));
    big.destroy();
    await stillSyncing('after a too-large edit');
    expect(board.cardText(a.doc, id, 'body').toString().length).toBeLessThan(100 * 1024);
  });
});
