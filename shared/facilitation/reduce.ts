/**
 * The session's rules: one pure function from (state, command, who sent it, server time) to
 * the next state or a refusal: a code with parameters (`refusals.ts`), which each reader's
 * interface words in its own language. The server runs it for every command; the
 * web client may run it to predict an answer, never to decide one. Payloads arrive untrusted,
 * so every field is checked here — a malformed command is a refusal, never an exception.
 */
import { isValidId } from '../board/ids.ts';
import { canFacilitate, canVote } from '../roles.ts';
import { isCommandName, LIMITS, type Command } from './commands.ts';
import { reduceAgenda } from './agenda.ts';
import { cleanNames } from './names.ts';
import { expireTimer, isFocusType } from './session.ts';
import type { Refusal } from './refusals.ts';
import type {
  Actor,
  Ballot,
  Focus,
  ReduceContext,
  ReduceResult,
  SessionState,
  Vote,
} from './types.ts';

const refuse = (refusal: Refusal): ReduceResult => ({ ok: false, ...refusal });
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
    return refuse({ code: 'unknown_command', params: { command: String(type).slice(0, 40) } });
  }
  if (type === 'vote:cast' || type === 'vote:uncast') {
    if (!canVote(actor.role)) {
      return refuse({ code: 'viewer_cannot_vote' });
    }
  } else if (!canFacilitate(actor.role)) {
    return refuse({ code: 'facilitator_only', params: { command: type } });
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
      if (!current.presenting) return refuse({ code: 'focus_needs_presenting' });
      if (payload === null) return accept({ ...current, focus: null });
      const focus = parseFocus(payload);
      if (!focus) {
        return refuse({ code: 'invalid_payload', params: { command: type } });
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
      if (!current.presenting) return refuse({ code: 'summon_needs_presenting' });
      // Strictly increasing, so two summons in one millisecond are both seen.
      return accept({ ...current, summonedAt: Math.max(now, (current.summonedAt ?? 0) + 1) });

    case 'timer:start': {
      const seconds = field(payload, 'seconds');
      if (!isWholeIn(seconds, LIMITS.timerSeconds)) {
        return refuse({ code: 'invalid_timer', params: { ...LIMITS.timerSeconds } });
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
        return refuse({ code: 'invalid_payload', params: { command: type } });
      }
      return accept(current.locked === locked ? current : { ...current, locked });
    }

    case 'vote:open':
      return openVote(current, payload);

    case 'vote:cast':
    case 'vote:uncast': {
      const targetId = field(payload, 'targetId');
      if (!isValidId(targetId)) {
        return refuse({ code: 'invalid_payload', params: { command: type } });
      }
      const vote = current.vote;
      if (!vote) return refuse({ code: 'no_vote', params: { command: type } });
      if (!vote.open) return refuse({ code: 'vote_closed' });
      if (!vote.targetIds.includes(targetId)) return refuse({ code: 'not_in_vote' });
      const mine = vote.ballots.find((b) => b.voterId === actor.voterId)?.targetIds ?? [];
      let next: string[];
      if (type === 'vote:cast') {
        if (!vote.stacking && mine.includes(targetId)) {
          return refuse({ code: 'already_voted' });
        }
        if (mine.length >= vote.perPerson) {
          return refuse({ code: 'votes_used_up', params: { perPerson: vote.perPerson } });
        }
        next = [...mine, targetId];
      } else {
        // Takes back one dot: the last one put on this item.
        const at = mine.lastIndexOf(targetId);
        if (at < 0) return refuse({ code: 'not_voted' });
        next = [...mine.slice(0, at), ...mine.slice(at + 1)];
      }
      return accept({
        ...current,
        vote: { ...vote, ballots: withBallot(vote.ballots, actor.voterId, next) },
      });
    }

    case 'vote:reveal':
      if (!current.vote) return refuse({ code: 'no_vote', params: { command: type } });
      return accept(
        current.vote.revealed ? current : { ...current, vote: { ...current.vote, revealed: true } },
      );

    case 'vote:close':
      if (!current.vote) return refuse({ code: 'no_vote', params: { command: type } });
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
        return refuse({ code: 'invalid_payload', params: { command: type } });
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
        return refuse({
          code: 'nothing_to_restore',
          params: { seconds: LIMITS.clearUndoMs / 1000 },
        });
      }
      if (current.vote) return refuse({ code: 'restore_too_late' });
      return accept({ ...current, vote: cleared.vote, clearedVote: null });
    }

    case 'export:require-sources': {
      const required = field(payload, 'required');
      if (typeof required !== 'boolean') {
        return refuse({ code: 'invalid_payload', params: { command: type } });
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
    return refuse({ code: 'invalid_payload', params: { command: 'participants:set', max } });
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
  if (state.vote?.open) return refuse({ code: 'vote_already_open' });
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
    return refuse({ code: 'invalid_vote_targets', params: { ...targets } });
  }
  if (!targetIds.every(isValidId)) {
    return refuse({ code: 'invalid_payload', params: { command: 'vote:open', detail: 'ids' } });
  }
  if (new Set(targetIds).size !== targetIds.length) {
    return refuse({
      code: 'invalid_payload',
      params: { command: 'vote:open', detail: 'duplicates' },
    });
  }
  if (!isWholeIn(perPerson, perPersonLimit)) {
    return refuse({ code: 'invalid_votes_per_person', params: { ...perPersonLimit } });
  }
  if (typeof stacking !== 'boolean') {
    return refuse({
      code: 'invalid_payload',
      params: { command: 'vote:open', detail: 'stacking' },
    });
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
