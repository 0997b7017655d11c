/** The Japanese of `messages.ts`, apart so that only people who choose 日本語 load it. */
import type { alignmentEn } from './messages.ts';

export const alignmentJa: typeof alignmentEn = {
  rate: '評価',
  yourRating: 'あなたの評価',
  aligned: '日米の一致度',
  alignedShort: '一致',
  alignedHint: '1 = 大きく異なる、5 = 完全に一致',
  importance: '重要度',
  importanceShort: '重要',
  importanceHint: '1 = 小さい、5 = 極めて重要',
  score: '{label}：5 段階中 {n}',
  clear: '自分の評価を消す',
  done: '閉じる',
  none: '未評価',
  rated: '{n} 人が評価',
  summary: '一致度 {mean}／5（ばらつき ±{spread}、{min}〜{max}）・重要度 {importance}・{n} 人',
  noImportance: '未評価',
  hiddenSummary:
    'ファシリテーターが公開するまで評価は非表示です・{n, plural, =0 {まだ誰も評価していません} other {# 人が評価}}',
  hiddenBadge: '非表示',
  mine: 'あなた：{aligned}／{importance}',
  hide: '評価を隠す',
  hideHint:
    '公開するまで、各自には自分の評価と評価した人数だけが表示されます（評価そのものはボードに残ります）',
  reveal: '評価を公開',
  revealHint: '一致度評価の平均とばらつきを全員に表示します',
  changed: '「{title}」の評価：{label} {n}',
};
