/**
 * One log line for a burst of the same failure. A store or Redis outage fails every write, and
 * a line per failure buries everything else (972 "redis publish failed" lines in 47 s): the
 * first occurrence of a message is logged at once, later ones within `windowMs` are only counted,
 * and when the window ends one more line carries the count (`repeated`) and the last details.
 */
import type { Logger } from 'pino';

/** Default window: at most two lines per message every 10 s. */
export const LOG_WINDOW_MS = 10_000;

export type ThrottledLog = (
  level: 'error' | 'warn',
  details: Record<string, unknown>,
  message: string,
) => void;

export function throttledLog(log: Logger, windowMs = LOG_WINDOW_MS): ThrottledLog {
  const open = new Map<string, { repeated: number; details: Record<string, unknown> }>();
  return (level, details, message) => {
    const window = open.get(message);
    if (window) {
      window.repeated++;
      window.details = details;
      return;
    }
    log[level](details, message);
    const started = { repeated: 0, details };
    open.set(message, started);
    setTimeout(() => {
      open.delete(message);
      if (started.repeated > 0) {
        log[level]({ ...started.details, repeated: started.repeated, windowMs }, message);
      }
    }, windowMs).unref();
  };
}
