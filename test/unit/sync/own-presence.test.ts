/**
 * What a room tells other processes about its own connections ("who is here?"): only presence
 * it has applied. A connection's new client id waits out its presence window before it is
 * applied; answering with it then would encode a state the room does not hold yet.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { PRESENCE_LIMITS } from '../../../server/sync/BoardRoom.ts';
import { awarenessMessage } from '../../../server/sync/messages.ts';
import { boardRoom, peer as connection } from './rooms.ts';

/** A browser tab's presence: its own awareness, named. */
function tab(name: string): Awareness {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalStateField('user', { name });
  return awareness;
}

describe("a room's own presence", () => {
  it('answers with the client ids it applied, not those still in their window', async () => {
    const { room, rooms } = await boardRoom();
    const peer = connection('p');
    room.join(peer);
    const first = tab('First');
    const second = tab('Second');
    room.receive(peer, awarenessMessage(first, [first.clientID]));
    room.receive(peer, awarenessMessage(second, [second.clientID]));

    expect(room.ownAwarenessIds()).toEqual([first.clientID]);
    expect(() => encodeAwarenessUpdate(room.awareness, room.ownAwarenessIds())).not.toThrow();

    await new Promise((resolve) => setTimeout(resolve, PRESENCE_LIMITS.windowMs + 50));
    expect(room.ownAwarenessIds().sort()).toEqual([first.clientID, second.clientID].sort());
    await rooms.closeAll(1001, 'test over');
  });
});
