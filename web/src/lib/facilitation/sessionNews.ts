/**
 * What a new facilitation session view tells the room that the previous one did not: a vote
 * opened or closed, the board locked or unlocked. Message keys, in order; none for the first
 * view (arriving on a board is nobody's news). Pure.
 */
import type { SessionView } from '$shared/facilitation/index.ts';

export function sessionNews(before: SessionView | null, after: SessionView): string[] {
  if (!before) return [];
  const news: string[] = [];
  const wasOpen = before.vote?.open ? before.vote.id : null;
  const isOpen = after.vote?.open ? after.vote.id : null;
  if (isOpen && isOpen !== wasOpen) news.push('facilitation.voteOpenedNews');
  else if (wasOpen && !isOpen) news.push('facilitation.voteClosedNews');
  if (after.locked !== before.locked) {
    news.push(after.locked ? 'facilitation.lockedNews' : 'facilitation.unlockedNews');
  }
  return news;
}
