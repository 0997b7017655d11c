/**
 * What the REST API does to boards, independent of HTTP: create from a template or an import,
 * read as BoardJSON, snapshots and restore, delete. Changes to a live board go through its
 * room, so they are stored and relayed like anyone's edit.
 */
import * as Y from 'yjs';
import { fromYDoc, newId, replaceBoard, toYDoc, type BoardJSON } from '../../shared/board/index.ts';
import { CLOSE } from '../../shared/protocol.ts';
import type { Role } from '../../shared/roles.ts';
import type { BoardInfo, BoardStore, SnapshotInfo } from '../store/BoardStore.ts';
import type { BoardTokens } from '../auth/tokens.ts';
import { encodeIntegratedState } from '../sync/messages.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import { loadTemplate, type TemplateName } from './templates.ts';

export interface CreatedBoard {
  id: string;
  title: string;
  tokens: Record<Role, string>;
  links: Record<Role, string>;
}

export class BoardService {
  constructor(
    private readonly store: BoardStore,
    private readonly rooms: BoardRooms,
    private readonly tokens: BoardTokens,
    private readonly publicUrl: string,
    /** Called when a board is deleted, after its sync connections are closed (facilitation). */
    private readonly onDeleted: (id: string) => Promise<void> = async () => {},
    /** Called once the board is gone from the store (the cluster tells the other processes). */
    private readonly afterDeleted: (id: string) => void = () => {},
  ) {}

  links(id: string): Record<Role, string> {
    const tokens = this.tokens.issueAll(id);
    const link = (role: Role) =>
      `${this.publicUrl}/b/${encodeURIComponent(id)}?token=${encodeURIComponent(tokens[role])}`;
    return { facilitator: link('facilitator'), editor: link('editor'), viewer: link('viewer') };
  }

  /**
   * Creates a board from validated BoardJSON (a template or an import). The board gets a new
   * id unless `id` is given (the seed board at first start).
   */
  async create(source: {
    board: BoardJSON;
    title?: string;
    id?: string;
    now?: Date;
  }): Promise<CreatedBoard> {
    const id = source.id ?? newId('');
    const board: BoardJSON = {
      ...source.board,
      id,
      title: source.title?.trim() || source.board.title,
      createdAt: (source.now ?? new Date()).toISOString(),
    };
    const doc = toYDoc(board);
    await this.store.createBoard(id, board.title, Y.encodeStateAsUpdate(doc));
    doc.destroy();
    return { id, title: board.title, tokens: this.tokens.issueAll(id), links: this.links(id) };
  }

  createFromTemplate(template: TemplateName, title?: string, id?: string): Promise<CreatedBoard> {
    return this.create({ board: loadTemplate(template), title, id });
  }

  async info(id: string): Promise<BoardInfo | null> {
    return this.store.getBoard(id);
  }

  /** The live board as BoardJSON. */
  read(id: string): Promise<BoardJSON> {
    return this.rooms.withRoom(id, (room) => fromYDoc(room.doc, id));
  }

  listSnapshots(id: string): Promise<SnapshotInfo[]> {
    return this.store.listSnapshots(id);
  }

  /** Stores the board as it is now (everything durable first) under `label`. */
  snapshot(id: string, label: string): Promise<SnapshotInfo> {
    return this.rooms.withRoom(id, async (room) => {
      await room.stored();
      return this.store.createSnapshot(id, label, encodeIntegratedState(room.doc));
    });
  }

  /**
   * A snapshot as its label, date and BoardJSON (for "what changed"); null when the board has
   * no snapshot with that id.
   */
  async snapshotBoard(
    id: string,
    snapshotId: string,
  ): Promise<{ info: SnapshotInfo; board: BoardJSON } | null> {
    const info = (await this.store.listSnapshots(id)).find((s) => s.id === snapshotId);
    const state = info ? await this.store.loadSnapshot(id, snapshotId) : null;
    if (!info || !state) return null;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const board = fromYDoc(doc, id);
    doc.destroy();
    return { info, board };
  }

  /**
   * Makes the live board match a snapshot, as one edit every client sees (and can undo).
   * Returns null when the snapshot does not exist.
   */
  async restore(id: string, snapshotId: string): Promise<BoardJSON | null> {
    const state = await this.store.loadSnapshot(id, snapshotId);
    if (!state) return null;
    const snapshotDoc = new Y.Doc();
    Y.applyUpdate(snapshotDoc, state);
    const target = fromYDoc(snapshotDoc, id);
    snapshotDoc.destroy();
    return this.rooms.withRoom(id, async (room) => {
      room.applyServerEdit((doc) => replaceBoard(doc, target));
      await room.stored();
      return fromYDoc(room.doc, id);
    });
  }

  /**
   * Deletes a board: its connections close with 4404 and everything stored goes; then other
   * processes are told (should they not hear it, they find out from the store).
   */
  async delete(id: string): Promise<boolean> {
    await this.rooms.evict(id, CLOSE.NOT_FOUND, 'board deleted');
    await this.onDeleted(id);
    const deleted = await this.store.deleteBoard(id);
    if (deleted) this.afterDeleted(id);
    return deleted;
  }
}
