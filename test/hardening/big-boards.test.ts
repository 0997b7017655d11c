/**
 * Big boards cost the server one copy, not one per joiner (issue 13, defect 5): newcomers that
 * ask for the whole board share one encoding; a connection that stops reading is closed with
 * 4408 instead of piling up replies; an update that would take a board past MAX_BOARD_BYTES
 * is refused with 4413, never stored nor relayed.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as board from '../../shared/board/index.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, rawSocket, type TestClient } from '../helpers/clients.ts';
import { CLOSE, MESSAGE_SYNC } from '../../shared/protocol.ts';

const MB = 1024 * 1024;

async function metrics(server: TestServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([name, value]) => [name.replace(/^briefing_board_/, ''), Number(value)]),
  );
}

function client(server: TestServer, created: CreatedBoard, token = created.tokens.editor) {
  const c = connectClient(server.wsUrl, created.id, token);
  onTestFinished(() => c.destroy());
  return c;
}

/** The first card's title (read cheaply: a whole-board conversion of megabytes is slow). */
function title(c: TestClient, created: CreatedBoard): Y.Text {
  const id = board.fromYDoc(c.doc, created.id).cards[0]?.id;
  if (!id) throw new Error('board not loaded yet');
  return board.cardText(c.doc, id, 'title');
}

/** Appends `text` to the first card's title in one update (one frame). */
function write(text: Y.Text, more: string): void {
  text.insert(text.length, more);
}

/** Waits until the title ends with `marker` (a slow poll: the texts are megabytes). */
async function until(text: () => Y.Text, check: (t: Y.Text) => boolean): Promise<void> {
  await eventually(() => expect(check(text())).toBe(true), 90_000, 250);
}

/** A y-websocket sync step 1 with an empty state vector: "send me the whole board". */
function askForEverything(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

describe('big boards', () => {
  let server: TestServer;
  beforeAll(async () => {
    // No ping timeouts: a socket that does not read is closed for that alone.
    server = await startServer({ env: { PING_INTERVAL_MS: '600000' } });
  }, 120_000);
  afterAll(async () => server?.stop());

  it('30 joiners that never read share one encoding of an 8 MB board', async () => {
    const created = await server.createBoard();
    const editor = client(server, created);
    await editor.synced();
    const text = title(editor, created);
    for (let i = 0; i < 8; i++) write(text, String(i).repeat(MB));
    const reader = client(server, created, created.tokens.viewer);
    await reader.synced();
    await until(
      () => title(reader, created),
      (t) => t.length > 8 * MB,
    );
    reader.destroy();
    editor.destroy();
    const before = await metrics(server);

    const sockets = await Promise.all(
      Array.from({ length: 30 }, () =>
        rawSocket(`${server.wsUrl}/${created.id}?token=${created.tokens.viewer}`),
      ),
    );
    onTestFinished(() => sockets.forEach(({ ws }) => ws.terminate()));
    for (const { ws } of sockets) {
      ws.pause();
      ws.send(askForEverything());
    }
    // Replies go out in the order asked: once this newcomer has the board, all 30 were sent.
    const last = client(server, created, created.tokens.viewer);
    await last.synced();
    await until(
      () => title(last, created),
      (t) => t.length > 8 * MB,
    );
    const after = await metrics(server);
    const grown = after.process_rss_bytes - before.process_rss_bytes;
    // One copy each would be 30 × 8 MB = 240 MB.
    expect(grown, `RSS grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(80 * MB);
    // The first reader's encoding serves all 31 (at most one more, had anything changed).
    expect(after.state_encodes_total - before.state_encodes_total).toBeLessThanOrEqual(1);
    expect(after.connections).toBeGreaterThanOrEqual(31);
  }, 180_000);

  it('a connection that stops reading is closed with 4408, and others go on', async () => {
    const created = await server.createBoard();
    const editor = client(server, created);
    const observer = client(server, created, created.tokens.viewer);
    await Promise.all([editor.synced(), observer.synced()]);
    const slow = await rawSocket(`${server.wsUrl}/${created.id}?token=${created.tokens.viewer}`);
    onTestFinished(() => slow.ws.terminate());
    // It asks for the board like any newcomer, then stops reading.
    slow.ws.send(askForEverything());
    slow.ws.pause();
    // Up to 40 updates of 1 MB: past what the kernel buffers and what a socket may leave
    // unread (8 MB beyond its largest frame). It reads again once the server gave up on it.
    const text = title(editor, created);
    const before = (await metrics(server)).connections_too_slow_total ?? 0;
    for (let i = 0; i < 40; i++) {
      write(text, String.fromCharCode(97 + (i % 26)).repeat(MB));
      await new Promise((r) => setTimeout(r, 50));
      if ((await metrics(server)).connections_too_slow_total > before) break;
    }
    write(text, '<end>');
    const ends = (t: Y.Text) => t.toString().endsWith('<end>');
    // The slow reader's copy (its card may not be there yet: `cardText` throws until it is).
    const id = board.fromYDoc(observer.doc, created.id).cards[0].id;

    // Now it reads: either it was closed, or it gets everything up to the marker.
    const doc = new Y.Doc();
    const apply = (data: Uint8Array) => {
      const decoder = decoding.createDecoder(data);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
    };
    slow.frames.forEach(apply);
    slow.ws.on('message', (data: Buffer) => apply(new Uint8Array(data)));
    let closeCode: number | null = null;
    void slow.closed.then(({ code }) => (closeCode = code));
    slow.ws.resume();
    await eventually(
      () => expect(closeCode !== null || ends(board.cardText(doc, id, 'title'))).toBe(true),
      90_000,
      250,
    );
    expect(closeCode).toBe(CLOSE.TOO_SLOW);
    // The others were not held up: they get everything.
    await until(() => title(observer, created), ends);
    expect(observer.closeCodes).toEqual([]);
    expect(editor.closeCodes).toEqual([]);
  }, 180_000);
});

describe('MAX_BOARD_BYTES', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { MAX_BOARD_BYTES: String(2 * MB) } });
  }, 120_000);
  afterAll(async () => server?.stop());

  it('refuses an update past the limit with 4413; nothing of it is stored or relayed', async () => {
    const created = await server.createBoard();
    const big = client(server, created);
    const other = client(server, created);
    const observer = client(server, created, created.tokens.viewer);
    await Promise.all([big.synced(), other.synced(), observer.synced()]);
    write(title(big, created), '<big>' + 'z'.repeat(3 * MB));
    await eventually(() => expect(big.closeCodes).toContain(CLOSE.BOARD_FULL), 30_000);
    big.provider.shouldConnect = false;
    big.provider.disconnect();
    // A later edit within the limit goes through: the marker that the big one was handled.
    write(title(other, created), '<small>');
    await eventually(() => expect(title(observer, created).toString()).toContain('<small>'));
    expect(title(observer, created).toString()).not.toContain('<big>');
    expect((await metrics(server)).updates_refused_total).toBeGreaterThanOrEqual(1);

    server = await server.restart();
    const fresh = client(server, created, created.tokens.viewer);
    await fresh.synced();
    await eventually(() => expect(title(fresh, created).toString()).toContain('<small>'));
    expect(title(fresh, created).toString()).not.toContain('<big>');
  }, 120_000);
});
