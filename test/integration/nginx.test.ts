/**
 * deploy/nginx.conf as shipped (only its ports changed, and nginx's outgoing address pinned),
 * run by Debian's nginx in front of three processes on Postgres and Redis: stock y-websocket
 * clients and socket.io clients connect through it, one process is killed with -9, everyone
 * reconnects through nginx to the others, and a fresh process holds everything any client had;
 * the per-address limits count the client's address as nginx passes it on, not nginx's, and
 * not what a client claims; a browser's Origin is checked against the Host it used.
 * Without nginx the test fails under CI=true and skips, loudly, elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { io, type Socket } from 'socket.io-client';
import * as board from '../../shared/board/index.ts';
import { FACILITATION_PATH } from '../../shared/protocol.ts';
import { freePort, startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
import { clusterServicesAvailable, DATABASE_URL, REDIS_URL } from '../helpers/services.ts';

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const CONFIG = path.resolve(import.meta.dirname, '../../deploy/nginx.conf');

function nginxInstalled(): boolean {
  if (fs.existsSync(NGINX)) return true;
  const message = `${NGINX} not found: the load-balancer test needs nginx (apt-get install nginx)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! SKIPPING the nginx test: ${message} !!!\n`);
  return false;
}

const available = nginxInstalled() && (await clusterServicesAvailable());
/** nginx connects to the processes from this address, the only one they trust (TRUST_PROXY). */
const NGINX_ADDRESS = '127.0.0.2';
const schema = `bb_nginx_${randomBytes(4).toString('hex')}`;
const env = {
  STORE: 'postgres',
  DATABASE_URL,
  DATABASE_SCHEMA: schema,
  REDIS_URL,
  BOARD_SECRET: randomBytes(24).toString('base64url'),
  TRUST_PROXY: NGINX_ADDRESS,
  CREATE_RATE_LIMIT: '2',
};

/** deploy/nginx.conf with these ports and nginx's outgoing address; each change must apply once. */
function configFor(listenPort: number, upstreamPorts: number[]): string {
  let text = fs.readFileSync(CONFIG, 'utf8');
  const upstreams = text.match(/^\s*server 127\.0\.0\.1:\d+[^;]*;$/gm) ?? [];
  expect(upstreams).toHaveLength(upstreamPorts.length);
  upstreams.forEach((line, i) => {
    text = text.replace(line, line.replace(/:\d+/, `:${upstreamPorts[i]}`));
  });
  const replace = (from: string, to: string) => {
    expect(text.split(from), from).toHaveLength(2);
    text = text.replace(from, to);
  };
  replace('listen 80;', `listen 127.0.0.1:${listenPort};`);
  replace('server_name _;', `server_name _;\n    proxy_bind ${NGINX_ADDRESS};`);
  return text;
}

async function startNginx(listenPort: number, upstreamPorts: number[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-nginx-'));
  fs.writeFileSync(path.join(dir, 'briefing-board.conf'), configFor(listenPort, upstreamPorts));
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 512; }
http {
  access_log ${path.join(dir, 'access.log')};
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${path.join(dir, 'briefing-board.conf')};
}
`,
  );
  const args = [
    '-p',
    `${dir}/`,
    '-e',
    path.join(dir, 'error.log'),
    '-c',
    path.join(dir, 'nginx.conf'),
  ];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  expect(check.status, check.stderr).toBe(0);
  const child = spawn(NGINX, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(async () => {
    expect(child.exitCode, output).toBeNull();
    expect((await fetch(`http://127.0.0.1:${listenPort}/healthz`)).status).toBe(200);
  }, 20_000);
  return { child, dir };
}

/** POST /api/boards through nginx from `localAddress`, claiming to be `forwardedFor`. */
function createFrom(port: number, localAddress: string, forwardedFor?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/api/boards',
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(forwardedFor && { 'x-forwarded-for': forwardedFor }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ template: 'blank' }));
  });
}

let servers: TestServer[] = [];
let nginx: { child: ChildProcess; dir: string } | undefined;
let port = 0;
const clients: TestClient[] = [];
const sockets: Socket[] = [];

describe.runIf(available)('three processes behind nginx (deploy/nginx.conf)', () => {
  beforeAll(async () => {
    servers = await Promise.all([startServer({ env }), startServer({ env }), startServer({ env })]);
    port = await freePort();
    nginx = await startNginx(
      port,
      servers.map((s) => s.port),
    );
  }, 240_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of sockets) s.disconnect();
    nginx?.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.kill()));
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  });

  it('the processes count the client address nginx passes on, not nginx and not what a client claims', async () => {
    // 2 boards a minute per address and process; nginx sends requests round the three processes.
    const fromOne: number[] = [];
    for (let i = 0; i < 9; i++)
      fromOne.push(await createFrom(port, '127.0.0.3', `198.51.100.${i}`));
    expect(fromOne).toEqual([201, 201, 201, 201, 201, 201, 429, 429, 429]);
    const fromAnother: number[] = [];
    for (let i = 0; i < 3; i++) fromAnother.push(await createFrom(port, '127.0.0.4'));
    expect(fromAnother).toEqual([201, 201, 201]);
  });

  it("passes the browser's Host on, port included, so a same-site Origin is let in", async () => {
    const created = await servers[0].createBoard({ template: 'blank' });
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(
          `ws://127.0.0.1:${port}/yjs/${created.id}?token=${created.tokens.viewer}`,
          { headers: { host: 'board.example:8443', origin } },
        );
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
        ws.once('error', () => resolve(0));
      });
    expect(await open('http://board.example:8443')).toBe(101);
    expect(await open('http://elsewhere.example:8443')).toBe(403);
  });

  it('kill -9 of one process: y-websocket and socket.io clients reconnect through nginx, and a fresh process holds all they had', async () => {
    const created = await servers[0].createBoard();
    // One after another, so nginx hands them round the processes: each process serves some.
    for (let i = 0; i < 6; i++) {
      const c = connectClient(`ws://127.0.0.1:${port}/yjs`, created.id, created.tokens.editor);
      clients.push(c);
      await c.synced();
    }
    const dropped = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const socket = io(`http://127.0.0.1:${port}`, {
        path: FACILITATION_PATH,
        auth: { boardId: created.id, token: created.tokens.facilitator, name: `F${i}` },
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
      });
      sockets.push(socket);
      socket.on('disconnect', () => dropped.add(i));
      await new Promise<void>((resolve) => socket.once('session', () => resolve()));
    }
    const cut = new Set<number>();
    clients.forEach((c, i) =>
      c.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') cut.add(i);
      }),
    );
    const cardId = board.fromYDoc(clients[0].doc, created.id).cards[0].id;
    const typing = setInterval(() => {
      clients.forEach((c, i) => {
        const text = board.cardText(c.doc, cardId, 'body');
        c.doc.transact(() => text.insert(text.length, String(i)));
      });
    }, 10);
    await new Promise((r) => setTimeout(r, 500));
    const victim = servers[1];
    await victim.kill();
    clearInterval(typing);
    // Everything each client holds at the kill, its own unacknowledged edits included: the
    // clients of the dead process send theirs again once they are back.
    const held = clients.map((c) => Y.encodeStateAsUpdate(c.doc));

    // Some of each kind were on the dead process (nginx handed them round)...
    await eventually(() => {
      expect(cut.size).toBeGreaterThan(0);
      expect(dropped.size).toBeGreaterThan(0);
    });
    // ...and are back, through nginx, on the others.
    await eventually(() => {
      for (const c of clients) expect(c.provider.wsconnected && c.provider.synced).toBe(true);
      for (const s of sockets) expect(s.connected).toBe(true);
    }, 30_000);
    // A command through a reconnected socket reaches every socket, whichever process it is on.
    const heard = sockets.map(
      (s) =>
        new Promise<void>((resolve) =>
          s.on('session', (view: { locked?: boolean }) => view.locked && resolve()),
        ),
    );
    const reconnected = sockets[[...dropped][0]];
    const ack = await new Promise((resolve) =>
      reconnected.emit('board:lock', { locked: true }, resolve),
    );
    expect(ack).toEqual({ ok: true });
    await Promise.all(heard);

    await eventually(() => {
      const json = clients.map((c) => board.fromYDoc(c.doc, created.id));
      for (const j of json) expect(j).toEqual(json[0]);
    }, 20_000);

    // A process that never held the board, read directly.
    servers[1] = await startServer({ env, port: victim.port });
    const fresh = connectClient(servers[1].wsUrl, created.id, created.tokens.viewer);
    clients.push(fresh);
    await fresh.synced();
    const vector = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
    for (const update of held) {
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)))
        expect(vector.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
      const merged = new Y.Doc();
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(fresh.doc));
      Y.applyUpdate(merged, update);
      expect(board.fromYDoc(merged, created.id)).toEqual(board.fromYDoc(fresh.doc, created.id));
    }
    expect(board.fromYDoc(fresh.doc, created.id)).toEqual(
      board.fromYDoc(clients[0].doc, created.id),
    );
    const body = board.cardText(fresh.doc, cardId, 'body').toString();
    for (let i = 0; i < 6; i++) expect(body).toContain(String(i));
  }, 180_000);
});
