/**
 * Why a facilitation command was refused, as a code with parameters: the reducer, the
 * facilitation server and the web client's channel (offline, no answer) all say it this way,
 * so each reader's interface words it in its own language. `describeRefusal` is the English
 * wording the acknowledgement also carries (`error`) for scripts and API users.
 */

/** A command's name (`commands.ts` lists them; not imported, so that file can import this one). */
type CommandName = string;

/** Every refusal a person or a script can meet, with the parameters its wording needs. */
export interface RefusalParams {
  /** The name is not a facilitation command (`command`: the first 40 characters of it). */
  unknown_command: { command: string };
  viewer_cannot_vote: Record<string, never>;
  /** `command`: what only a facilitator may do. */
  facilitator_only: { command: CommandName };
  /**
   * The payload does not have the command's shape; `detail` tells apart several
   * problems of one command (`vote:open`: `ids`, `duplicates`, `stacking`).
   */
  invalid_payload: { command: CommandName; detail?: string; max?: number };
  invalid_timer: { min: number; max: number };
  invalid_vote_targets: { min: number; max: number };
  invalid_votes_per_person: { min: number; max: number };
  focus_needs_presenting: Record<string, never>;
  summon_needs_presenting: Record<string, never>;
  /** `command`: `vote:cast`, `vote:uncast`, `vote:reveal` or `vote:close`. */
  no_vote: { command: CommandName };
  vote_closed: Record<string, never>;
  not_in_vote: Record<string, never>;
  already_voted: Record<string, never>;
  votes_used_up: { perPerson: number };
  not_voted: Record<string, never>;
  vote_already_open: Record<string, never>;
  nothing_to_restore: { seconds: number };
  restore_too_late: Record<string, never>;
  agenda_unreadable: Record<string, never>;
  agenda_empty: Record<string, never>;
  agenda_at_end: { steps: number };
  agenda_not_started: Record<string, never>;
  agenda_at_start: Record<string, never>;
  agenda_step_missing: Record<string, never>;
  /** The server: one socket sent too many commands in a short time. */
  too_many_commands: Record<string, never>;
  /** The server: the board was deleted. */
  board_not_found: Record<string, never>;
  /** The server: the change could not be saved (storage failing, or a fault). */
  server_error: Record<string, never>;
  /** The client: the channel is not connected, so the command was not sent. */
  not_connected: Record<string, never>;
  /** The client: the server did not answer in time. */
  timeout: Record<string, never>;
}

export type RefusalCode = keyof RefusalParams;

/** A refusal as the reducer, the server and the client channel give it. */
export type Refusal = {
  [C in RefusalCode]: RefusalParams[C] extends Record<string, never>
    ? { code: C; params?: RefusalParams[C] }
    : { code: C; params: RefusalParams[C] };
}[RefusalCode];

export const REFUSAL_CODES = [
  'unknown_command',
  'viewer_cannot_vote',
  'facilitator_only',
  'invalid_payload',
  'invalid_timer',
  'invalid_vote_targets',
  'invalid_votes_per_person',
  'focus_needs_presenting',
  'summon_needs_presenting',
  'no_vote',
  'vote_closed',
  'not_in_vote',
  'already_voted',
  'votes_used_up',
  'not_voted',
  'vote_already_open',
  'nothing_to_restore',
  'restore_too_late',
  'agenda_unreadable',
  'agenda_empty',
  'agenda_at_end',
  'agenda_not_started',
  'agenda_at_start',
  'agenda_step_missing',
  'too_many_commands',
  'board_not_found',
  'server_error',
  'not_connected',
  'timeout',
] as const satisfies readonly RefusalCode[];

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === 'string' && (REFUSAL_CODES as readonly string[]).includes(value);
}

/** What each facilitator-only command does, for "Only a facilitator can …". */
export const FACILITATOR_ACTIONS: Readonly<Record<CommandName, string>> = {
  'present:start': 'start presenting',
  'present:focus': 'choose what the presentation shows',
  'present:stop': 'stop presenting',
  'present:summon': 'bring everyone to the presenter',
  'timer:start': 'start the timer',
  'timer:stop': 'stop the timer',
  'board:lock': 'lock or unlock the board',
  'vote:open': 'open a vote',
  'vote:cast': 'vote',
  'vote:uncast': 'take back a vote',
  'vote:reveal': 'reveal the votes',
  'vote:close': 'close the vote',
  'vote:clear': 'clear the vote',
  'vote:restore': 'bring back a cleared vote',
  'ratings:visibility': 'hide or reveal the alignment ratings',
  'agenda:next': 'move to the next agenda step',
  'agenda:back': 'go back an agenda step',
  'agenda:go': 'jump to an agenda step',
  'agenda:end': 'end the agenda',
  'export:require-sources': 'require sources before export',
  'participants:set': 'choose the participants the brief lists',
};

/** The shape each command's payload must have, for `invalid_payload`. */
function payloadShape(params: RefusalParams['invalid_payload']): string {
  const { command, detail, max } = params;
  switch (command) {
    case 'present:focus':
      return 'present:focus needs { type: "row" | "card" | "friction" | "vote", id } with a valid id, or null for the whole board.';
    case 'board:lock':
      return 'board:lock needs { locked: true } or { locked: false }.';
    case 'vote:cast':
    case 'vote:uncast':
      return `${command} needs { targetId } naming one of the vote's items.`;
    case 'ratings:visibility':
      return 'ratings:visibility needs { hidden: true } or { hidden: false }.';
    case 'export:require-sources':
      return 'export:require-sources needs { required: true } or { required: false }.';
    case 'participants:set':
      return `participants:set needs { names }: a list of at most ${max ?? 200} names, or null to list the people who took part.`;
    case 'agenda:go':
      return 'agenda:go needs { stepId } naming a step of the agenda.';
    case 'vote:open':
      if (detail === 'ids') return 'vote:open: every target must be a valid item id.';
      if (detail === 'duplicates') return 'vote:open: each item may be listed only once.';
      if (detail === 'stacking')
        return 'vote:open: stacking must be true (several dots on one item) or false.';
      return 'vote:open: the payload is not valid.';
    default:
      return `${command}: the payload is not valid.`;
  }
}

/** The English sentence for a refusal (the acknowledgement's `error`, for API users). */
export function describeRefusal(refusal: Refusal): string {
  switch (refusal.code) {
    case 'unknown_command':
      return `"${refusal.params.command}" is not a facilitation command.`;
    case 'viewer_cannot_vote':
      return 'Viewers cannot vote: ask the facilitator for an editor link.';
    case 'facilitator_only':
      return `Only a facilitator can ${FACILITATOR_ACTIONS[refusal.params.command] ?? 'do this'}.`;
    case 'invalid_payload':
      return payloadShape(refusal.params);
    case 'invalid_timer':
      return `timer:start needs { seconds }: a whole number from ${refusal.params.min} to ${refusal.params.max} (4 hours).`;
    case 'invalid_vote_targets':
      return `vote:open needs targetIds: a list of ${refusal.params.min} to ${refusal.params.max} item ids.`;
    case 'invalid_votes_per_person':
      return `vote:open needs perPerson: a whole number of votes from ${refusal.params.min} to ${refusal.params.max}.`;
    case 'focus_needs_presenting':
      return 'Start presenting before choosing what to show.';
    case 'summon_needs_presenting':
      return 'Start presenting before bringing everyone here.';
    case 'no_vote':
      if (refusal.params.command === 'vote:reveal') return 'There is no vote to reveal.';
      if (refusal.params.command === 'vote:close') return 'There is no vote to close.';
      return 'There is no vote to take part in right now.';
    case 'vote_closed':
      return 'This vote is closed.';
    case 'not_in_vote':
      return 'That item is not part of this vote.';
    case 'already_voted':
      return 'You have already voted for this item.';
    case 'votes_used_up':
      return `You have used all ${refusal.params.perPerson} of your votes: take one back to vote for something else.`;
    case 'not_voted':
      return 'You have not voted for this item.';
    case 'vote_already_open':
      return 'A vote is already open: close it before opening another.';
    case 'nothing_to_restore':
      return `There is no cleared vote to bring back (it can be undone for ${refusal.params.seconds} seconds).`;
    case 'restore_too_late':
      return 'Another vote has started since: it cannot be undone now.';
    case 'agenda_unreadable':
      return 'The agenda could not be read: please try again.';
    case 'agenda_empty':
      return 'The agenda has no steps yet: add one first.';
    case 'agenda_at_end':
      return `That was the last step of the agenda (${refusal.params.steps} steps).`;
    case 'agenda_not_started':
      return 'The agenda has not started: use Next step.';
    case 'agenda_at_start':
      return 'This is the first step of the agenda.';
    case 'agenda_step_missing':
      return 'That step is not on the agenda (it may have been deleted).';
    case 'too_many_commands':
      return 'Too many commands at once: wait a few seconds and try again.';
    case 'board_not_found':
      return 'This board does not exist any more.';
    case 'server_error':
      return 'The server could not save this change. Please try again.';
    case 'not_connected':
      return 'Not connected to the server: the command was not sent.';
    case 'timeout':
      return 'The server did not answer in time. Please try again.';
  }
}

/** A refusal as an acknowledgement: its code and parameters, and the English `error`. */
export function refusalAck(refusal: Refusal): { ok: false; error: string } & Refusal {
  const { code, params } = refusal;
  const wire = (params === undefined ? { code } : { code, params }) as Refusal;
  return { ok: false, error: describeRefusal(wire), ...wire };
}
