/**
 * One board session, opened the same way by the board page and present mode: the document
 * (IndexedDB + WebSocket) and its live views, the facilitation channel and, where the page shows
 * who is here, presence. Names before presence: a newcomer answers the name prompt (`askName`)
 * before joining either channel, so nobody appears as "Guest" unless they chose to.
 * Create it while a component initialises (it is keyed by board and token) and `destroy()` it
 * when the component goes.
 */
import { peekTokenRole, type Role } from '$shared/roles.ts';
import { BoardConnection } from '$lib/sync/BoardConnection.svelte.ts';
import { BoardState } from '$lib/sync/BoardState.svelte.ts';
import { Facilitation } from '$lib/sync/Facilitation.svelte.ts';
import { Presence, colorFor } from '$lib/sync/Presence.svelte.ts';
import { saveColor, savedColor } from '$lib/lobby/storage.ts';
import { Identity } from './Identity.svelte.ts';

export class BoardSession {
  readonly role: Role;
  readonly connection: BoardConnection;
  readonly board: BoardState;
  readonly identity = new Identity();
  readonly facilitation: Facilitation;
  /** Awareness (who is here, where they edit); null where the page does not show it. */
  readonly presence: Presence | null = null;
  /** This person's presence colour, kept in this browser. */
  readonly color: string;
  /** The name prompt is open. */
  askName = $state(false);

  constructor(
    readonly boardId: string,
    readonly token: string,
    options: { presence: boolean },
  ) {
    this.role = peekTokenRole(token) ?? 'viewer';
    this.connection = new BoardConnection(boardId, token);
    this.board = new BoardState(this.connection.doc);
    this.askName = !this.identity.decided;
    this.color = savedColor() ?? colorFor(`${Math.random()}`);
    if (options.presence) {
      saveColor(this.color);
      this.presence = new Presence(
        this.connection.provider.awareness,
        this.identity.decided ? { name: this.identity.shown, color: this.color } : null,
      );
    }
    this.facilitation = new Facilitation(
      boardId,
      token,
      this.identity.announced,
      this.identity.decided,
    );
  }

  /** The name prompt's answer: a name, or null to join without one. Joins both channels. */
  join(name: string | null): void {
    if (name === null) this.identity.chooseNameless();
    else this.identity.choose(name);
    this.presence?.setUser({ name: this.identity.shown, color: this.color });
    this.facilitation.setName(this.identity.announced);
    this.askName = false;
  }

  destroy(): void {
    this.facilitation.destroy();
    this.connection.destroy();
  }
}
