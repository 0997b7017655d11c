/** The heat strip's colour scale: red when far apart, amber midway, green when aligned; hatching grows with spread. */
import { describe, expect, it } from 'vitest';
import { hatchOpacity, heatColor, oneDecimal } from '../../../web/src/lib/alignment/heat.ts';

describe('heat strip colours', () => {
  it('runs red (1) – amber (3) – green (5), clamped to the scale', () => {
    expect(heatColor(1)).toBe('#c0392b');
    expect(heatColor(3)).toBe('#e6a23c');
    expect(heatColor(5)).toBe('#2e8b57');
    expect(heatColor(0)).toBe(heatColor(1));
    expect(heatColor(9)).toBe(heatColor(5));
    // Halfway between amber and green.
    expect(heatColor(4)).toBe('#8a974a');
  });

  it('hatches nothing when everyone agrees and most at the widest spread', () => {
    expect(hatchOpacity(0)).toBe(0);
    expect(hatchOpacity(1)).toBe(0.35);
    expect(hatchOpacity(2)).toBe(0.7);
    expect(hatchOpacity(5)).toBe(0.7);
    expect(oneDecimal(3.25)).toBe('3.3');
    expect(oneDecimal(2)).toBe('2.0');
  });
});
