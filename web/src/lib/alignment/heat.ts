/**
 * The divergence heat strip's colours: a theme's mean alignment on a red (far apart, 1) –
 * amber (3) – green (aligned, 5) scale, and hatching that grows with the spread of opinions,
 * so "we agree they diverge" and "we disagree" never look the same. Pure.
 */
import { RATING_SCALE } from '$shared/board/alignment.ts';

type Rgb = [number, number, number];
const STOPS: Rgb[] = [
  [192, 57, 43], // 1: far apart
  [230, 162, 60], // 3
  [46, 139, 87], // 5: fully aligned
];

const hex = (rgb: Rgb) =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** The strip's colour for a mean alignment (clamped to the 1–5 scale). */
export function heatColor(mean: number): string {
  const { min, max } = RATING_SCALE;
  const t = (Math.min(max, Math.max(min, mean)) - min) / (max - min);
  const scaled = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  return hex([0, 1, 2].map((k) => a[k] + (b[k] - a[k]) * f) as Rgb);
}

/** Opacity (0–0.7) of the white hatching over the strip: 0 when everyone agrees, most at spread 2. */
export function hatchOpacity(spread: number): number {
  return Math.round(Math.min(1, Math.max(0, spread / 2)) * 70) / 100;
}

/** One decimal, as the strip and the brief print means and spreads. */
export function oneDecimal(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}
