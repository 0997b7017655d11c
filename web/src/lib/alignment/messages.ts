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

export const alignmentJa: typeof alignmentEn = {
  rate: '評価',
  yourRating: 'あなたの評価',
  aligned: '日米の一致度',
  alignedShort: '一致',
  alignedHint: '1 = 大きく異なる、5 = 完全に一致',
  importance: '重要度',
  importanceShort: '重要',
  importanceHint: '1 = 小さい、5 = 極めて重要',
  score: '{label}:5 段階中 {n}',
  clear: '自分の評価を消す',
  done: '閉じる',
  none: '未評価',
  rated: '{n} 人が評価',
  summary: '一致度 {mean} / 5(ばらつき ±{spread}、{min}〜{max})・重要度 {importance}・{n} 人',
  noImportance: '未評価',
  hiddenSummary:
    'ファシリテーターが公開するまで評価は非表示です・{n, plural, =0 {まだ誰も評価していません} other {# 人が評価}}',
  hiddenBadge: '非表示',
  mine: 'あなた:{aligned} / {importance}',
  hide: '評価を隠す',
  hideHint:
    '公開するまで各自には自分の評価と評価人数だけが表示されます(模造紙を覆うのと同じで、評価はボードのファイルには残っています)',
  reveal: '評価を公開',
  revealHint: '一致度評価の平均とばらつきを全員に表示します',
  changed: '「{title}」の評価:{label} {n}',
};
