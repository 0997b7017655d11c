/**
 * A socket.io facilitation client for tests: joins a board and records every `session`
 * payload it receives; `send` resolves with the command's acknowledgement.
 */
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type {
  Ack,
  ClientToServerEvents,
  ServerToClientEvents,
  SessionView,
} from '../../shared/facilitation/index.ts';
import { FACILITATION_PATH } from '../../shared/protocol.ts';
import { eventually } from './clients.ts';

export interface SessionClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  sessions: SessionView[];
  latest(): SessionView;
  send(type: string, payload?: unknown): Promise<Ack>;
  close(): void;
}

export async function joinSession(
  baseUrl: string,
  auth: { boardId: string; token: string; name: string; clientId?: string },
): Promise<SessionClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    path: FACILITATION_PATH,
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const sessions: SessionView[] = [];
  socket.on('session', (view) => sessions.push(view));
  const loose = socket as unknown as { emit(type: string, ...args: unknown[]): void };
  const client: SessionClient = {
    socket,
    sessions,
    latest: () => sessions[sessions.length - 1],
    send: (type, payload) =>
      new Promise<Ack>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${type}`)), 5_000);
        const ack = (answer: Ack) => {
          clearTimeout(timer);
          resolve(answer);
        };
        if (payload === undefined) loose.emit(type, ack);
        else loose.emit(type, payload, ack);
      }),
    close: () => socket.disconnect(),
  };
  await eventually(() => expect(sessions.length).toBeGreaterThan(0), 5_000);
  return client;
}
