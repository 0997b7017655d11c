/**
 * The words for every error a person can meet, by code: facilitation refusals (from the
 * reducer, the server or this browser's channel), agenda steps that cannot be written, HTTP
 * error codes and network failures. `errors.ts` picks the message; nothing shows a server's
 * own English.
 */
export const errorsEn = {
  refusal: {
    unknown_command: 'The server does not know this command ({command}).',
    viewer_cannot_vote: 'Viewers cannot vote: ask the facilitator for an editor link.',
    facilitator_only: 'Only a facilitator can {action}.',
    invalid_payload: 'This command was not understood ({command}). Reload the page and try again.',
    invalid_timer: 'Set the timer from {min} second to {hours} hours.',
    invalid_vote_targets: 'Choose {min} to {max} items for the vote.',
    invalid_votes_per_person: 'Give each person {min} to {max} votes.',
    focus_needs_presenting: 'Start presenting before choosing what to show.',
    summon_needs_presenting: 'Start presenting before bringing everyone here.',
    no_vote: 'There is no vote right now.',
    vote_closed: 'This vote is closed.',
    not_in_vote: 'That item is not part of this vote.',
    already_voted: 'You have already voted for this item.',
    votes_used_up:
      'You have used all {perPerson} of your votes: take one back to vote for something else.',
    not_voted: 'You have not voted for this item.',
    vote_already_open: 'A vote is already open: close it before opening another.',
    nothing_to_restore:
      'There is no cleared vote to bring back (it can be undone for {seconds} seconds).',
    restore_too_late: 'Another vote has started since: it cannot be undone now.',
    agenda_unreadable: 'The agenda could not be read: please try again.',
    agenda_empty: 'The agenda has no steps yet: add one first.',
    agenda_at_end: 'That was the last step of the agenda ({steps} steps).',
    agenda_not_started: 'The agenda has not started: use Next step.',
    agenda_at_start: 'This is the first step of the agenda.',
    agenda_step_missing: 'That step is not on the agenda (it may have been deleted).',
    too_many_commands: 'Too many commands at once: wait a few seconds and try again.',
    board_not_found: 'This board does not exist any more.',
    server_error: 'The server could not save this change. Please try again.',
    not_connected:
      'Not connected to the server, so this was not sent. Try again once the connection is back.',
    timeout: 'The server did not answer in time. Please try again.',
    unknown: 'The server refused this command.',
  },
  /** What only a facilitator may do, for `refusal.facilitator_only` (command name, `:` and `-` as `_`). */
  action: {
    present_start: 'start presenting',
    present_focus: 'choose what the presentation shows',
    present_stop: 'stop presenting',
    present_summon: 'bring everyone to the presenter',
    timer_start: 'start the timer',
    timer_stop: 'stop the timer',
    board_lock: 'lock or unlock the board',
    vote_open: 'open a vote',
    vote_cast: 'vote',
    vote_uncast: 'take back a vote',
    vote_reveal: 'reveal the votes',
    vote_close: 'close the vote',
    vote_clear: 'clear the vote',
    vote_restore: 'bring back a cleared vote',
    ratings_visibility: 'hide or reveal the alignment ratings',
    agenda_next: 'move to the next agenda step',
    agenda_back: 'go back an agenda step',
    agenda_go: 'jump to an agenda step',
    agenda_end: 'end the agenda',
    export_require_sources: 'require sources before export',
    unknown: 'do this',
    participants_set: 'choose the participants the brief lists',
  },
  /** An agenda step that cannot be written (`AgendaStepError` codes). */
  step: {
    title_too_long: 'A step title may have at most {max} characters.',
    invalid_focus: 'A step shows a theme, a measure or a friction point.',
    invalid_minutes: 'Set the step’s timer from {min} to {max} whole minutes, or leave it empty.',
    invalid_vote_targets: 'A step’s vote needs {min} to {max} friction points.',
    duplicate_vote_targets: 'A step’s vote lists each friction point once.',
    invalid_votes_per_person: 'A step’s vote gives {min} to {max} votes per person.',
    invalid_lock: 'A step locks, unlocks or leaves the lock as it is.',
    too_many_steps: 'An agenda has at most {max} steps.',
  },
  /** HTTP error codes (`{ error: { code } }`). */
  http: {
    invalid_body: 'The server could not read the request.',
    invalid_json: 'The request was not valid JSON.',
    invalid_title: 'A title may have at most 200 characters.',
    invalid_template: 'This template does not exist on the server.',
    invalid_board: 'This file is not a valid board (the first problem is at {path}).',
    invalid_board_whole: 'This file is not a board.',
    too_large: 'The file is too large for the server.',
    storage_unavailable:
      'The server cannot save right now: its storage is full or failing. Please try again later.',
    unauthorized: 'This link is not valid: its token is missing or was not accepted.',
    forbidden: 'Your link does not allow this.',
    not_found: 'Not found: the board or the snapshot may have been deleted.',
    invalid_label: 'Give the snapshot a name of at most 200 characters.',
    origin_refused: 'The server does not accept requests from this page’s address.',
    exists: 'A board with this id already exists on the server.',
    internal: 'Something went wrong on the server (error {status}). Please try again.',
  },
  /** Which file a failed import was (before its error). */
  file: '{file}:',
  unexpected: 'Something unexpected went wrong. Reload the page and try again.',
};
