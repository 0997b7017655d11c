/**
 * Wire constants the server and the web client share, declared once: y-websocket message
 * types, WebSocket close codes with what a person should be told, and URL paths.
 */

/** y-websocket message types (first varint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Close codes the sync server uses; the client maps each to a message and decides whether to retry. */
export const CLOSE = {
  /** The message was not a well-formed y-websocket frame. */
  MALFORMED: 1007,
  /** The frame exceeded the server's size limit. */
  TOO_BIG: 1009,
  /** The board failed to load; try again later. */
  UNAVAILABLE: 1011,
  /** Server restart or shutdown; reconnect. */
  GOING_AWAY: 1001,
  /** Missing or invalid share-link token. */
  UNAUTHORIZED: 4401,
  /** A valid token for another board. */
  FORBIDDEN: 4403,
  /** The board does not exist (never created, or deleted). */
  NOT_FOUND: 4404,
  /**
   * Too many connection attempts from one address in the last minute (CONNECT_RATE_LIMIT):
   * socket.io's `connect_error` `data.code`; the y-websocket upgrade answers HTTP 429 instead.
   */
  RATE_LIMITED: 4429,
  /** The connection fell too far behind reading what the server sent; reconnect. */
  TOO_SLOW: 4408,
  /** An update would take the board past the server's size limit (MAX_BOARD_BYTES); it was not saved. */
  BOARD_FULL: 4413,
  /**
   * The server's storage is full or failing: nothing can be saved now. Sent when a write fails
   * and to every new connection while the failure lasts (before any sync, so a stock y-websocket
   * client's backoff grows; it retries 4500–4599). Mirrors HTTP 507.
   */
  STORAGE_FAILING: 4507,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** Close codes after which reconnecting would only repeat the failure. */
export const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE.MALFORMED,
  CLOSE.TOO_BIG,
  CLOSE.UNAUTHORIZED,
  CLOSE.FORBIDDEN,
  CLOSE.NOT_FOUND,
  // Reconnecting would send the same refused change again.
  CLOSE.BOARD_FULL,
];

/** Close codes after which this browser's copy holds a change the server refused: offer to discard it. */
export const DISCARD_LOCAL_CLOSE_CODES: readonly number[] = [
  CLOSE.TOO_BIG,
  CLOSE.MALFORMED,
  CLOSE.BOARD_FULL,
];

export function describeClose(code: number): string {
  switch (code) {
    case CLOSE.UNAUTHORIZED:
      return 'This link is not valid: its token is missing or was not issued by this server. Ask the facilitator for a new link.';
    case CLOSE.FORBIDDEN:
      return 'This link belongs to another board.';
    case CLOSE.NOT_FOUND:
      return 'This board does not exist any more.';
    case CLOSE.TOO_BIG:
      return 'Your last change was too large to send (over the server’s size limit). It was not saved; reload to continue.';
    case CLOSE.MALFORMED:
      return 'The server could not read a message from this page. Reload to continue.';
    case CLOSE.UNAVAILABLE:
      return 'The board could not be loaded right now. Retrying…';
    case CLOSE.RATE_LIMITED:
      return 'Too many connections from your network in the last minute. Retrying shortly…';
    case CLOSE.TOO_SLOW:
      return 'The connection fell behind the board. Reconnecting…';
    case CLOSE.BOARD_FULL:
      return 'This board has reached its size limit on the server: your last change was not saved. Discard your unsaved changes to continue; to add more, first remove large content.';
    case CLOSE.STORAGE_FAILING:
      return 'The server cannot save changes right now: its storage is full or failing. Your edits are kept on this device and sent when it recovers. Trying again with growing pauses…';
    default:
      return 'Connection lost. Reconnecting…';
  }
}

/** Path prefix of the y-websocket endpoint: `ws://host/yjs/<boardId>?token=…`. */
export const SYNC_PATH = '/yjs';
/** socket.io path for facilitation. */
export const FACILITATION_PATH = '/socket.io';
/** Default largest WebSocket frame the server accepts (bytes). */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
