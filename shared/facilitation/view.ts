/**
 * What one client may see of a session: the `session` payload. Until the facilitator reveals
 * a vote, a client sees its own votes (`myVotes`) and how many people voted — never tallies,
 * never anyone else's ballot, never another client's voter id. Pure: the caller passes `now`.
 */
import type { AgendaPosition, Focus, Participant, SessionState } from './types.ts';

export interface VoteView {
  id: string;
  targetIds: string[];
  perPerson: number;
  /** Several of one person's dots may go on one item. */
  stacking: boolean;
  open: boolean;
  revealed: boolean;
  /** How many people have cast at least one vote (not who, not for what). */
  voterCount: number;
  /** Votes per target, every target listed (0 included); present only once revealed. */
  tallies?: Record<string, number>;
}

export interface TimerView {
  /** Epoch ms by the server's clock: show `endsAt - (Date.now() + (serverNow - receivedAt))`. */
  endsAt: number;
  running: boolean;
  seconds: number;
}

export interface SessionView {
  presenting: boolean;
  /** The presenter's name. */
  presenter: string | null;
  /** This client is the one presenting (same `auth.clientId`). */
  presentedByYou: boolean;
  focus: Focus | null;
  /** Bumped by `present:summon`: when it changes, followers return to `focus`. */
  summonedAt: number | null;
  locked: boolean;
  timer: TimerView | null;
  vote: VoteView | null;
  /** A vote just cleared that the facilitator can still bring back (`vote:restore`) until `undoUntil`. */
  clearedVote: { id: string; undoUntil: number } | null;
  /** This client's own votes in the current vote, in the order cast (repeated when stacked). */
  myVotes: string[];
  /** Alignment ratings are covered until the reveal: show people only their own rating. */
  ratingsHidden: boolean;
  /** Brief exports are refused while some measure cites no source. */
  requireSources: boolean;
  /** The agenda step the room is on (its number comes from the board's agenda), or null. */
  agenda: AgendaPosition | null;
  /** The names the brief lists as the facilitator chose them; null: the people who took part. */
  briefParticipants: string[] | null;
  /** Who is connected now, one entry per person (several tabs count once). */
  participants: Participant[];
  /** The server's clock when this view was made (epoch ms), to correct for clock skew. */
  serverNow: number;
}

export function viewFor(state: SessionState, voterId: string, now: number): SessionView {
  const vote = state.vote;
  let voteView: VoteView | null = null;
  if (vote) {
    voteView = {
      id: vote.id,
      targetIds: [...vote.targetIds],
      perPerson: vote.perPerson,
      stacking: vote.stacking,
      open: vote.open,
      revealed: vote.revealed,
      voterCount: vote.ballots.filter((b) => b.targetIds.length > 0).length,
    };
    if (vote.revealed) {
      voteView.tallies = tallyVotes(
        vote.targetIds,
        vote.ballots.flatMap((b) => b.targetIds),
      );
    }
  }
  const mine = vote?.ballots.find((b) => b.voterId === voterId);
  return {
    presenting: state.presenting,
    presenter: state.presenter?.name ?? null,
    presentedByYou: state.presenter !== null && state.presenter.voterId === voterId,
    focus: state.focus ? { ...state.focus } : null,
    summonedAt: state.summonedAt,
    locked: state.locked,
    timer: state.timer
      ? {
          endsAt: state.timer.endsAt,
          running: state.timer.running && state.timer.endsAt > now,
          seconds: state.timer.seconds,
        }
      : null,
    vote: voteView,
    clearedVote:
      state.clearedVote && state.clearedVote.undoUntil >= now
        ? { id: state.clearedVote.vote.id, undoUntil: state.clearedVote.undoUntil }
        : null,
    myVotes: mine ? [...mine.targetIds] : [],
    ratingsHidden: state.ratingsHidden,
    requireSources: state.requireSources,
    agenda: state.agenda ? { ...state.agenda } : null,
    briefParticipants: state.briefParticipants ? [...state.briefParticipants] : null,
    participants: state.participants.map((p) => ({ ...p })),
    serverNow: now,
  };
}

/** The revealed vote's result per target, for the brief; null while no vote is revealed. */
export function revealedVoteResults(
  state: SessionState,
): { targetId: string; votes: number }[] | null {
  const vote = state.vote;
  if (!vote?.revealed) return null;
  const tallies = tallyVotes(
    vote.targetIds,
    vote.ballots.flatMap((b) => b.targetIds),
  );
  return vote.targetIds.map((targetId) => ({ targetId, votes: tallies[targetId] }));
}

function tallyVotes(targetIds: readonly string[], cast: readonly string[]): Record<string, number> {
  const tallies: Record<string, number> = Object.fromEntries(targetIds.map((id) => [id, 0]));
  for (const id of cast) if (Object.hasOwn(tallies, id)) tallies[id]++;
  return tallies;
}
