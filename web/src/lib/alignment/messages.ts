/**
 * UI text of alignment per theme (the rating pickers and heat strip in each row header, the
 * facilitator's hide/reveal switch). Spliced into the dictionaries as `alignment` (en.ts /
 * ja.ts); the Japanese keys are checked by type.
 */
export const alignmentEn = {
  rate: 'Rate',
  yourRating: 'Your rating',
  aligned: 'U.S.–Japan alignment',
  alignedShort: 'Aligned',
  alignedHint: '1 = far apart, 5 = fully aligned',
  importance: 'Importance',
  importanceShort: 'Matters',
  importanceHint: '1 = minor, 5 = critical',
  score: '{label}: {n} of 5',
  clear: 'Clear my rating',
  done: 'Done',
  none: 'Not rated yet',
  rated: '{n, plural, one {# person rated} other {# people rated}}',
  summary:
    'Alignment {mean} of 5 (spread ±{spread}, {min}–{max}) · Importance {importance} · {n, plural, one {# person} other {# people}}',
  noImportance: 'not rated',
  hiddenSummary:
    'Ratings are hidden until the facilitator reveals them · {n, plural, =0 {nobody has rated yet} one {# person rated} other {# people rated}}',
  hiddenBadge: 'hidden',
  mine: 'You: {aligned} / {importance}',
  hide: 'Hide ratings',
  hideHint:
    'Each person sees only their own rating and how many rated, until you reveal (like a covered flipchart: the ratings are still in the board file)',
  reveal: 'Reveal ratings',
  revealHint: 'Show everyone the averages and spread of the alignment ratings',
  changed: 'Your rating of “{title}”: {label} {n}',
};
