/**
 * "Take me there": scrolls a board element into the middle of the screen and pulses a ring
 * around it, so a flag in a panel (gaps, changes, a deep link) shows where it points.
 */
export function flashElement(el: HTMLElement, rgb = '47 111 235'): void {
  el.scrollIntoView({ behavior: 'smooth', block: 'center' });
  el.animate(
    [
      { boxShadow: `0 0 0 0 rgb(${rgb} / 0%)` },
      { boxShadow: `0 0 0 5px rgb(${rgb} / 90%)` },
      { boxShadow: `0 0 0 0 rgb(${rgb} / 0%)` },
    ],
    { duration: 1600, iterations: 2 },
  );
}
