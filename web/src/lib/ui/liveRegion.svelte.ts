/**
 * The page's one polite live region (rendered by `Announcer.svelte`): what is said to screen
 * readers — this person's own moves, what others changed near them, votes, the lock, the
 * timer. `once` skips the same words said again within a few seconds (a timer shown twice).
 */
const REPEAT_MS = 4000;

class LiveRegion {
  message = $state('');
  #last = '';
  #lastAt = 0;

  say(message: string, { once = false }: { once?: boolean } = {}): void {
    const now = Date.now();
    if (once && message === this.#last && now - this.#lastAt < REPEAT_MS) return;
    this.#last = message;
    this.#lastAt = now;
    // Re-announce the same words too: clear first, then set.
    this.message = '';
    queueMicrotask(() => (this.message = message));
  }
}

export const liveRegion = new LiveRegion();

export function announce(message: string, options?: { once?: boolean }): void {
  liveRegion.say(message, options);
}
