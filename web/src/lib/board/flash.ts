/**
 * "Take me there": scrolls a board element into the middle of the screen and pulses a ring
 * around it, so a flag in a panel (gaps, changes, a deep link) shows where it points.
 */
import { scrollBehavior } from '../ui/motion.ts';

export function flashElement(el: HTMLElement, rgb = '47 111 235'): void {
  const behavior = scrollBehavior();
  el.scrollIntoView({ behavior, block: 'center' });
  // Less motion asked for: a steady ring for as long as the pulse would last.
  if (behavior === 'auto') {
    el.animate([{ boxShadow: `0 0 0 4px rgb(${rgb} / 90%)` }], { duration: 3200 });
    return;
  }
  el.animate(
    [
      { boxShadow: `0 0 0 0 rgb(${rgb} / 0%)` },
      { boxShadow: `0 0 0 5px rgb(${rgb} / 90%)` },
      { boxShadow: `0 0 0 0 rgb(${rgb} / 0%)` },
    ],
    { duration: 1600, iterations: 2 },
  );
}
