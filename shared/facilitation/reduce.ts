/**
 * The session's rules: one pure function from (state, command, who sent it, server time) to
 * the next state or a refusal a person can read. The server runs it for every command; the
 * web client may run it to predict an answer, never to decide one. Payloads arrive untrusted,
 * so every field is checked here — a malformed command is a refusal, never an exception.
 */
import { isValidId } from '../board/ids.ts';
import { canFacilitate, canVote } from '../roles.ts';
import { isCommandName, LIMITS, type Command, type CommandName } from './commands.ts';
import { reduceAgenda } from './agenda.ts';
import { cleanNames } from './names.ts';
import { expireTimer, isFocusType } from './session.ts';
import type {
  Actor,
  Ballot,
  Focus,
  ReduceContext,
  ReduceResult,
  SessionState,
  Vote,
} from './types.ts';

/** What each facilitator-only command does, for refusals ("Only a facilitator can …"). */
const ACTIONS: Record<CommandName, string> = {
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

const refuse = (error: string): ReduceResult => ({ ok: false, error });
const accept = (state: SessionState): ReduceResult => ({ ok: true, state });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** A payload's own field (never one inherited from a prototype). */
const field = (payload: unknown, key: string): unknown =>
  isRecord(payload) && Object.hasOwn(payload, key) ? payload[key] : undefined;
const isWholeIn = (v: unknown, range: { min: number; max: number }): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= range.min && v <= range.max;

export function reduce(
  state: SessionState,
  command: Command,
  actor: Actor,
  now: number,
  context: ReduceContext = {},
): ReduceResult {
  const type = command.type;
  if (!isCommandName(type)) {
    return refuse(`"${String(type).slice(0, 40)}" is not a facilitation command.`);
  }
  if (type === 'vote:cast' || type === 'vote:uncast') {
    if (!canVote(actor.role)) {
      return refuse('Viewers cannot vote: ask the facilitator for an editor link.');
    }
  } else if (!canFacilitate(actor.role)) {
    return refuse(`Only a facilitator can ${ACTIONS[type]}.`);
  }
  const current = expireTimer(state, now);
  const payload = command.payload;

  switch (type) {
    case 'present:start':
      if (current.presenting && current.presenter?.voterId === actor.voterId) {
        return accept(current);
      }
      return accept({
        ...current,
        presenting: true,
        presenter: { name: actor.name, voterId: actor.voterId },
        // Taking over from another facilitator keeps what was on screen.
        focus: current.presenting ? current.focus : null,
        summonedAt: current.presenting ? current.summonedAt : null,
      });

    case 'present:focus': {
      if (!current.presenting) return refuse('Start presenting before choosing what to show.');
      if (payload === null) return accept({ ...current, focus: null });
      const focus = parseFocus(payload);
      if (!focus) {
        return refuse(
          'present:focus needs { type: "row" | "card" | "friction" | "vote", id } with a valid id, or null for the whole board.',
        );
      }
      return accept({ ...current, focus });
    }

    case 'present:stop':
      if (!current.presenting) return accept(current);
      return accept({
        ...current,
        presenting: false,
        presenter: null,
        focus: null,
        summonedAt: null,
      });

    case 'present:summon':
      if (!current.presenting) return refuse('Start presenting before bringing everyone here.');
      // Strictly increasing, so two summons in one millisecond are both seen.
      return accept({ ...current, summonedAt: Math.max(now, (current.summonedAt ?? 0) + 1) });

    case 'timer:start': {
      const seconds = field(payload, 'seconds');
      if (!isWholeIn(seconds, LIMITS.timerSeconds)) {
        return refuse(
          `timer:start needs { seconds }: a whole number from ${LIMITS.timerSeconds.min} to ${LIMITS.timerSeconds.max} (4 hours).`,
        );
      }
      return accept({
        ...current,
        timer: { endsAt: now + seconds * 1000, running: true, seconds },
      });
    }

    case 'timer:stop':
      return accept(current.timer ? { ...current, timer: null } : current);

    case 'board:lock': {
      const locked = field(payload, 'locked');
      if (typeof locked !== 'boolean') {
        return refuse('board:lock needs { locked: true } or { locked: false }.');
      }
      return accept(current.locked === locked ? current : { ...current, locked });
    }

    case 'vote:open':
      return openVote(current, payload);

    case 'vote:cast':
    case 'vote:uncast': {
      const targetId = field(payload, 'targetId');
      if (!isValidId(targetId)) {
        return refuse(`${type} needs { targetId } naming one of the vote's items.`);
      }
      const vote = current.vote;
      if (!vote) return refuse('There is no vote to take part in right now.');
      if (!vote.open) return refuse('This vote is closed.');
      if (!vote.targetIds.includes(targetId)) return refuse('That item is not part of this vote.');
      const mine = vote.ballots.find((b) => b.voterId === actor.voterId)?.targetIds ?? [];
      let next: string[];
      if (type === 'vote:cast') {
        if (!vote.stacking && mine.includes(targetId)) {
          return refuse('You have already voted for this item.');
        }
        if (mine.length >= vote.perPerson) {
          return refuse(
            `You have used all ${vote.perPerson} of your votes: take one back to vote for something else.`,
          );
        }
        next = [...mine, targetId];
      } else {
        // Takes back one dot: the last one put on this item.
        const at = mine.lastIndexOf(targetId);
        if (at < 0) return refuse('You have not voted for this item.');
        next = [...mine.slice(0, at), ...mine.slice(at + 1)];
      }
      return accept({
        ...current,
        vote: { ...vote, ballots: withBallot(vote.ballots, actor.voterId, next) },
      });
    }

    case 'vote:reveal':
      if (!current.vote) return refuse('There is no vote to reveal.');
      return accept(
        current.vote.revealed ? current : { ...current, vote: { ...current.vote, revealed: true } },
      );

    case 'vote:close':
      if (!current.vote) return refuse('There is no vote to close.');
      return accept(
        current.vote.open ? { ...current, vote: { ...current.vote, open: false } } : current,
      );

    case 'agenda:next':
    case 'agenda:back':
    case 'agenda:go':
    case 'agenda:end':
      return reduceAgenda(current, type, payload, actor, now, context.agenda);

    case 'ratings:visibility': {
      const hidden = field(payload, 'hidden');
      if (typeof hidden !== 'boolean') {
        return refuse('ratings:visibility needs { hidden: true } or { hidden: false }.');
      }
      return accept(
        current.ratingsHidden === hidden ? current : { ...current, ratingsHidden: hidden },
      );
    }

    case 'vote:clear':
      // Kept whole for a while, so a slip of the hand can be undone (`vote:restore`).
      return accept(
        current.vote
          ? {
              ...current,
              vote: null,
              clearedVote: { vote: current.vote, undoUntil: now + LIMITS.clearUndoMs },
            }
          : current,
      );

    case 'vote:restore': {
      const cleared = current.clearedVote;
      if (!cleared || cleared.undoUntil < now) {
        return refuse('There is no cleared vote to bring back (it can be undone for 10 seconds).');
      }
      if (current.vote) return refuse('Another vote has started since: it cannot be undone now.');
      return accept({ ...current, vote: cleared.vote, clearedVote: null });
    }

    case 'export:require-sources': {
      const required = field(payload, 'required');
      if (typeof required !== 'boolean') {
        return refuse('export:require-sources needs { required: true } or { required: false }.');
      }
      return accept(
        current.requireSources === required ? current : { ...current, requireSources: required },
      );
    }

    case 'participants:set':
      return setBriefParticipants(current, payload);
  }
}

function setBriefParticipants(state: SessionState, payload: unknown): ReduceResult {
  const names = field(payload, 'names');
  const max = LIMITS.briefParticipants;
  if (names === null) return accept({ ...state, briefParticipants: null });
  if (!Array.isArray(names) || names.length > max || !names.every((n) => typeof n === 'string')) {
    return refuse(
      `participants:set needs { names }: a list of at most ${max} names, or null to list the people who took part.`,
    );
  }
  return accept({ ...state, briefParticipants: cleanNames(names) });
}

function parseFocus(payload: unknown): Focus | null {
  const type = field(payload, 'type');
  const id = field(payload, 'id');
  if (!isFocusType(type) || !isValidId(id)) return null;
  return { type, id };
}

function openVote(state: SessionState, payload: unknown): ReduceResult {
  if (state.vote?.open) return refuse('A vote is already open: close it before opening another.');
  const { targets, perPerson: perPersonLimit } = LIMITS;
  const targetIds = field(payload, 'targetIds');
  const perPerson = field(payload, 'perPerson');
  const stackingField = field(payload, 'stacking');
  const stacking = stackingField === undefined ? false : stackingField;
  if (
    !Array.isArray(targetIds) ||
    targetIds.length < targets.min ||
    targetIds.length > targets.max
  ) {
    return refuse(
      `vote:open needs targetIds: a list of ${targets.min} to ${targets.max} item ids.`,
    );
  }
  if (!targetIds.every(isValidId)) {
    return refuse('vote:open: every target must be a valid item id.');
  }
  if (new Set(targetIds).size !== targetIds.length) {
    return refuse('vote:open: each item may be listed only once.');
  }
  if (!isWholeIn(perPerson, perPersonLimit)) {
    return refuse(
      `vote:open needs perPerson: a whole number of votes from ${perPersonLimit.min} to ${perPersonLimit.max}.`,
    );
  }
  if (typeof stacking !== 'boolean') {
    return refuse('vote:open: stacking must be true (several dots on one item) or false.');
  }
  const votesOpened = state.votesOpened + 1;
  const vote: Vote = {
    id: `vote-${votesOpened}`,
    targetIds: [...targetIds],
    perPerson,
    stacking,
    open: true,
    revealed: false,
    ballots: [],
  };
  // A new vote ends the chance to bring back a cleared one.
  return accept({ ...state, vote, votesOpened, clearedVote: null });
}

function withBallot(ballots: readonly Ballot[], voterId: string, targetIds: string[]): Ballot[] {
  const others = ballots.filter((b) => b.voterId !== voterId);
  return targetIds.length ? [...others, { voterId, targetIds }] : others;
}
