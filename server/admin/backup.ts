/**
 * Backup and restore of every board between a store and a folder, whatever the store (so a
 * SQLite deployment moves to Postgres by export, then import). Each board is written twice: as
 * BoardJSON, which a person can read and which import checks like an HTTP import, and as its
 * Yjs state, which import restores as it was — a browser holding the board offline then merges
 * into the same document instead of doubling it. Import checks the whole folder before writing
 * anything, and never overwrites a board the store already has.
 *
 *   <dir>/backup.json                     { format, version, exportedAt, boards: [id…] }
 *   <dir>/boards/<id>/board.json          BoardJSON
 *   <dir>/boards/<id>/board.yjs           the Yjs state (optional on import)
 *   <dir>/boards/<id>/snapshots.json      [{ id, label, createdAt, board: BoardJSON }], oldest first
 *   <dir>/boards/<id>/snapshots/<sid>.yjs each snapshot's Yjs state (optional on import)
 *   <dir>/boards/<id>/data.json           what the server keeps beside the board (session, voters)
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as Y from 'yjs';
import {
  BoardValidationError,
  fromYDoc,
  isValidId,
  parseBoardJson,
  toYDoc,
  type BoardJSON,
} from '../../shared/board/index.ts';
import type { BoardStore, SnapshotInfo } from '../store/BoardStore.ts';
import { compactUpdates } from '../store/compaction.ts';
import { FACILITATION_KEY } from '../facilitation/BoardSessions.ts';
import { PARTICIPANTS_KEY } from '../facilitation/participants.ts';

export const BACKUP_FORMAT = 'briefing-board-backup';
export const BACKUP_VERSION = 1;
/** The `getBoardData` keys a backup carries. */
const DATA_KEYS = [FACILITATION_KEY, PARTICIPANTS_KEY];
/** Snapshot ids come from the store (UUIDs); in a backup they become file names. */
const SNAPSHOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A backup folder that cannot be restored as it is; the message names the file and the problem. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface ExportReport {
  boards: { id: string; title: string; snapshots: number }[];
}

/** Writes every board of `store` into `dir`, which must not exist or be empty. */
export async function exportAll(store: BoardStore, dir: string): Promise<ExportReport> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0)
    throw new BackupError(`${dir} is not empty: export into a new folder`);
  fs.mkdirSync(dir, { recursive: true });
  const report: ExportReport = { boards: [] };
  for (const info of await store.listBoards()) {
    const updates = await store.loadBoard(info.id);
    if (!updates) continue; // deleted since the listing
    const state = compactUpdates(updates);
    const boardDir = path.join(dir, 'boards', info.id);
    fs.mkdirSync(path.join(boardDir, 'snapshots'), { recursive: true });
    fs.writeFileSync(path.join(boardDir, 'board.yjs'), state);
    writeJson(path.join(boardDir, 'board.json'), decode(state, info.id));

    const snapshots: (Omit<SnapshotInfo, 'boardId'> & { board: BoardJSON })[] = [];
    for (const snapshot of (await store.listSnapshots(info.id)).reverse()) {
      const snapshotState = await store.loadSnapshot(info.id, snapshot.id);
      if (!snapshotState) continue;
      fs.writeFileSync(path.join(boardDir, 'snapshots', `${snapshot.id}.yjs`), snapshotState);
      const { id, label, createdAt } = snapshot;
      snapshots.push({ id, label, createdAt, board: decode(snapshotState, info.id) });
    }
    writeJson(path.join(boardDir, 'snapshots.json'), snapshots);

    const data: Record<string, string> = {};
    for (const key of DATA_KEYS) {
      const value = await store.getBoardData(info.id, key);
      if (value !== null) data[key] = value;
    }
    writeJson(path.join(boardDir, 'data.json'), data);
    report.boards.push({ id: info.id, title: info.title, snapshots: snapshots.length });
  }
  // Written last: a folder without it is an export that did not finish.
  writeJson(path.join(dir, 'backup.json'), {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date().toISOString(),
    boards: report.boards.map((b) => b.id),
  });
  return report;
}

/** One board of a backup, checked and ready to store. */
interface BoardToRestore {
  id: string;
  title: string;
  state: Uint8Array;
  snapshots: { id: string; label: string; createdAt: string; state: Uint8Array }[];
  data: Record<string, string>;
}

export interface ImportReport {
  imported: string[];
  /** Boards the store already had: left as they were. */
  skipped: string[];
}

/** Restores every board of the backup in `dir` into `store` (after checking all of it). */
export async function importAll(store: BoardStore, dir: string): Promise<ImportReport> {
  const boards = readBackup(dir);
  const report: ImportReport = { imported: [], skipped: [] };
  for (const board of boards) {
    if (await store.getBoard(board.id)) {
      report.skipped.push(board.id);
      continue;
    }
    await store.createBoard(board.id, board.title, board.state);
    try {
      for (const s of board.snapshots)
        await store.createSnapshot(board.id, s.label, s.state, {
          id: s.id,
          createdAt: s.createdAt,
        });
      for (const [key, value] of Object.entries(board.data))
        await store.setBoardData(board.id, key, value);
    } catch (error) {
      // All of the board or none of it: running the import again then restores it whole.
      await store.deleteBoard(board.id).catch(() => {});
      throw new BackupError(`board ${board.id}: ${(error as Error).message}`);
    }
    report.imported.push(board.id);
  }
  return report;
}

/** Reads and checks a whole backup folder; throws `BackupError` naming the first problem. */
export function readBackup(dir: string): BoardToRestore[] {
  const manifest = readJson(path.join(dir, 'backup.json')) as {
    format?: unknown;
    version?: unknown;
    boards?: unknown;
  };
  if (manifest?.format !== BACKUP_FORMAT)
    throw new BackupError(`${path.join(dir, 'backup.json')}: not a briefing-board backup`);
  if (typeof manifest.version !== 'number' || manifest.version > BACKUP_VERSION)
    throw new BackupError(
      `${path.join(dir, 'backup.json')}: version ${String(manifest.version)} is newer than this server reads (${BACKUP_VERSION})`,
    );
  if (!Array.isArray(manifest.boards))
    throw new BackupError(`${path.join(dir, 'backup.json')}: "boards" must be a list of ids`);
  return manifest.boards.map((id: unknown) => {
    if (!isValidId(id))
      throw new BackupError(`${path.join(dir, 'backup.json')}: not a board id: ${String(id)}`);
    return readBoard(path.join(dir, 'boards', id), id);
  });
}

function readBoard(boardDir: string, id: string): BoardToRestore {
  const { state, board } = stateAndBoard(
    path.join(boardDir, 'board.json'),
    path.join(boardDir, 'board.yjs'),
    id,
  );
  const listed = readJson(path.join(boardDir, 'snapshots.json'));
  if (!Array.isArray(listed))
    throw new BackupError(`${path.join(boardDir, 'snapshots.json')}: expected a list`);
  const snapshots = listed.map((entry: unknown, i) => {
    const where = `${path.join(boardDir, 'snapshots.json')} [${i}]`;
    const s = entry as { id?: unknown; label?: unknown; createdAt?: unknown; board?: unknown };
    if (typeof s?.id !== 'string' || !SNAPSHOT_ID.test(s.id))
      throw new BackupError(`${where}: "id" must be 1–64 of A–Z, a–z, 0–9, _ and -`);
    if (typeof s.label !== 'string') throw new BackupError(`${where}: "label" must be text`);
    if (typeof s.createdAt !== 'string' || Number.isNaN(Date.parse(s.createdAt)))
      throw new BackupError(`${where}: "createdAt" must be a date`);
    const snapshot = stateAndBoard(
      s.board,
      path.join(boardDir, 'snapshots', `${s.id}.yjs`),
      id,
      `${where} board`,
    );
    return { id: s.id, label: s.label, createdAt: s.createdAt, state: snapshot.state };
  });
  const dataFile = path.join(boardDir, 'data.json');
  const data = fs.existsSync(dataFile) ? readJson(dataFile) : {};
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new BackupError(`${dataFile}: expected an object`);
  for (const [key, value] of Object.entries(data))
    if (typeof value !== 'string') throw new BackupError(`${dataFile}: "${key}" must be text`);
  return { id, title: board.title, state, snapshots, data: data as Record<string, string> };
}

/**
 * A board (or snapshot) from its BoardJSON and, when present, its Yjs state. With both, they
 * must describe the same board: a hand-edited board.json beside an older state is refused
 * rather than one of them silently winning (delete the .yjs file to restore the JSON).
 */
function stateAndBoard(
  json: string | unknown,
  yjsFile: string,
  id: string,
  where = typeof json === 'string' ? json : 'board',
): { state: Uint8Array; board: BoardJSON } {
  const board = parse(typeof json === 'string' ? readJson(json) : json, where);
  if (board.id !== id) throw new BackupError(`${where}: id "${board.id}" is not "${id}"`);
  if (!fs.existsSync(yjsFile)) {
    const doc = toYDoc(board);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return { state, board };
  }
  const state = new Uint8Array(fs.readFileSync(yjsFile));
  let fromState: BoardJSON;
  try {
    fromState = parse(decode(state, id), yjsFile);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${yjsFile}: not a Yjs board state (${(error as Error).message})`);
  }
  if (!isDeepStrictEqual(fromState, board))
    throw new BackupError(
      `${yjsFile} and ${where} describe different boards: delete the .yjs file to restore the JSON as it is`,
    );
  return { state, board };
}

function parse(value: unknown, where: string): BoardJSON {
  try {
    return parseBoardJson(value);
  } catch (error) {
    if (error instanceof BoardValidationError) throw new BackupError(`${where}: ${error.message}`);
    throw error;
  }
}

function decode(state: Uint8Array, id: string): BoardJSON {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return fromYDoc(doc, id);
  } finally {
    doc.destroy();
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new BackupError(`${file}: missing`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BackupError(`${file}: not JSON (${(error as Error).message})`);
  }
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
