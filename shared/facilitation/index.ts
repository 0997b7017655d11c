/**
 * Facilitation, pure: socket.io event names and payloads, the session state, the reducer
 * that applies a command, and the per-client view. The server and the web client both import
 * from here; nothing here does I/O.
 */
export {
  SESSION_EVENT,
  COMMANDS,
  LIMITS,
  CLIENT_ID_PATTERN,
  isCommandName,
  type CommandName,
  type CommandPayloads,
  type Command,
  type Ack,
  type AckCallback,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type FacilitationAuth,
} from './commands.ts';
export {
  FOCUS_TYPES,
  type FocusType,
  type Focus,
  type Timer,
  type Ballot,
  type Vote,
  type ClearedVote,
  type Presenter,
  type Participant,
  type SessionState,
  type AgendaPosition,
  type Actor,
  type ReduceContext,
  type ReduceResult,
} from './types.ts';
export {
  STORED_SESSION_VERSION,
  StoredSessionError,
  initialSession,
  isFocusType,
  expireTimer,
  storedSession,
  parseStoredSession,
} from './session.ts';
export { cleanName, cleanNames } from './names.ts';
export {
  REFUSAL_CODES,
  describeRefusal,
  refusalAck,
  FACILITATOR_ACTIONS,
  isRefusalCode,
  type Refusal,
  type RefusalCode,
  type RefusalParams,
} from './refusals.ts';
export { reduce } from './reduce.ts';
export {
  AGENDA_COMMANDS,
  isAgendaCommand,
  needsAgenda,
  performStep,
  reduceAgenda,
  type AgendaCommand,
} from './agenda.ts';
export {
  revealedVoteResults,
  viewFor,
  type SessionView,
  type VoteView,
  type TimerView,
} from './view.ts';
