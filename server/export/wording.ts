/**
 * Every word the brief prints that does not come from the board, in English and Japanese, so
 * the PDF, the Markdown and the HTML say the same thing and a translation is made once. Dates
 * go through `Intl.DateTimeFormat` (UTC, so a date never shifts with the server's zone).
 * Japanese uses full-width punctuation (「」、。：).
 */
import type {
  CardKind,
  ChangeField,
  ChangeKind,
  ChangeTargetType,
  FrictionStatus,
  Severity,
} from '../../shared/board/index.ts';

export type BriefLanguage = 'en' | 'ja';

export function isBriefLanguage(value: unknown): value is BriefLanguage {
  return value === 'en' || value === 'ja';
}

export interface Wording {
  /** BCP 47 tag for the document (`lang` of the PDF and the HTML). */
  lang: string;
  brief: string;
  keyJudgements: string;
  noKeyJudgements: string;
  fromTheRoom: string;
  topVoted: string;
  highSeverity: string;
  leastAligned: string;
  mostAligned: string;
  matrix: string;
  matrixNote: string;
  theme: string;
  themes: string;
  notAddressed: string;
  noThemes: string;
  noMeasures: string;
  frictions: string;
  noFrictions: string;
  linkedMeasures: string;
  touchingTheme: string;
  annex: (letter: string, title: string) => string;
  agenda: string;
  step: string;
  title: string;
  whatItDoes: string;
  votes: string;
  voteNote: string;
  noVotesCast: string;
  rank: string;
  item: string;
  where: string;
  votesColumn: string;
  comments: string;
  commentsNote: string;
  noComments: string;
  measure: string;
  frictionPoint: string;
  evidence: string;
  unsourced: (count: number, of: number) => string;
  changes: (label: string) => string;
  snapshotTaken: (date: string) => string;
  nothingChanged: string;
  /** Leads the count of changes. */
  changeCountLead: string;
  change: string;
  whereWhat: string;
  /** The changes annex: what happened, to what, which fields, where, who. */
  changeKinds: Record<ChangeKind, string>;
  changeTargets: Record<ChangeTargetType, string>;
  changeFields: Record<ChangeField, string>;
  /** `3 added, 1 edited, 0 moved, 2 removed`. */
  changeCounts: (counts: Record<ChangeKind, number>) => string;
  fieldsEdited: (fields: string[]) => string;
  wasIn: (place: string) => string;
  changedBy: (name: string) => string;
  /** Joins the parts of a change's detail. */
  detailSeparator: string;
  /** Ends a sentence before another (`. ` or `。`). */
  stop: string;
  /** What a name in the changes annex means. */
  changesWho: string;
  /** A snapshot with no name. */
  unnamedSnapshot: string;
  sources: string;
  sourcesNote: string;
  noSources: string;
  noCitation: string;
  // cover
  coverSource: string;
  coverAuthor: string;
  coverAsOf: string;
  coverDate: string;
  coverBoard: string;
  coverParticipants: string;
  coverNote: string;
  more: (n: number) => string;
  counts: (themes: number, measures: number, frictions: number, sources: number) => string;
  page: (n: number, of: number) => string;
  voteCount: (n: number) => string;
  rated: (mean: number) => string;
  kinds: Record<CardKind, string>;
  severities: Record<Severity, string>;
  statuses: Record<FrictionStatus, string>;
  untitledTheme: string;
  untitledMeasure: string;
  untitledFriction: string;
  untitledBoard: string;
  anonymous: string;
  /** `, ` or `、` — joins a list. */
  comma: string;
  /** Quotes a title. */
  quote: (text: string) => string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const EN: Wording = {
  lang: 'en',
  brief: 'Brief',
  keyJudgements: 'Key judgements',
  noKeyJudgements: 'The facilitator has not written key judgements for this board.',
  fromTheRoom: 'What the room produced',
  topVoted: 'Friction points with the most votes',
  highSeverity: 'Friction points rated high severity',
  leastAligned: 'Least aligned themes',
  mostAligned: 'Most aligned themes',
  matrix: 'The comparison at a glance',
  matrixNote: 'Measures recorded on the board, by theme and side. Details follow theme by theme.',
  theme: 'Theme',
  themes: 'Themes',
  notAddressed: 'Not addressed',
  noThemes: 'No themes are recorded on the board.',
  noMeasures: 'No measures are recorded for this theme.',
  frictions: 'Friction points',
  noFrictions: 'No friction points are recorded on the board.',
  linkedMeasures: 'Linked measures',
  touchingTheme: 'Friction points touching this theme',
  annex: (letter, title) => `Annex ${letter}: ${title}`,
  agenda: 'Agenda',
  step: 'Step',
  title: 'Title',
  whatItDoes: 'What it does',
  votes: 'Vote results',
  voteNote: 'Results of the revealed vote, most votes first. Items with equal votes share a rank.',
  noVotesCast: 'The vote was revealed with no votes cast.',
  rank: 'Rank',
  item: 'Item',
  where: 'Where',
  votesColumn: 'Votes',
  comments: 'Open comments',
  commentsNote: 'Comments not yet marked resolved, grouped by what they are about.',
  noComments: 'There are no open comments on the board.',
  measure: 'Measure',
  frictionPoint: 'Friction point',
  evidence: 'Evidence check',
  unsourced: (count, of) => `${count} of ${of} measures cite no source.`,
  changes: (label) => `Changes since “${label}”`,
  snapshotTaken: (date) => `The snapshot was taken on ${date}. `,
  nothingChanged: 'Nothing has changed since the snapshot.',
  changeCountLead: 'Changes: ',
  change: 'Change',
  whereWhat: 'Where / what',
  changeKinds: { added: 'Added', edited: 'Edited', moved: 'Moved', removed: 'Removed' },
  changeTargets: { row: 'Theme', card: 'Measure', friction: 'Friction point' },
  changeFields: {
    title: 'title',
    summary: 'summary',
    body: 'text',
    kind: 'kind',
    year: 'year',
    amount: 'amount',
    tags: 'tags',
    sources: 'sources',
    severity: 'severity',
    status: 'status',
    links: 'linked measures',
  },
  changeCounts: (c) =>
    `${c.added} added, ${c.edited} edited, ${c.moved} moved, ${c.removed} removed`,
  fieldsEdited: (fields) => `${fields.join(', ')} edited`,
  wasIn: (place) => `was in ${place}`,
  changedBy: (name) => `by ${name}`,
  detailSeparator: '; ',
  changesWho: 'A name is who last edited the item in the web client, where the board knows it.',
  unnamedSnapshot: 'snapshot',
  stop: '. ',
  sources: 'Sources',
  sourcesNote: 'The bracketed numbers in the text refer to these sources, in board order.',
  noSources: 'No sources are recorded on the board.',
  noCitation: 'No citation recorded.',
  coverSource: 'Source',
  coverAuthor: 'Author',
  coverAsOf: 'Content as of',
  coverDate: 'Date of brief',
  coverBoard: 'Board',
  coverParticipants: 'Participants',
  coverNote:
    'Measures, figures and friction points are as recorded on the board. Bracketed numbers refer to the sources listed at the end.',
  more: (n) => ` and ${n} more`,
  counts: (t, m, f, s) =>
    [
      plural(t, 'theme'),
      plural(m, 'measure'),
      plural(f, 'friction point'),
      plural(s, 'source'),
    ].join(' · '),
  page: (n, of) => `${n} / ${of}`,
  voteCount: (n) => plural(n, 'vote'),
  rated: (mean) => `alignment ${mean.toFixed(1)} / 5`,
  kinds: {
    promotion: 'Promotion',
    protection: 'Protection',
    institution: 'Institution',
    partnership: 'Partnership',
    context: 'Context',
  },
  severities: { high: 'High severity', medium: 'Medium severity', low: 'Low severity' },
  statuses: { open: 'Open', managed: 'Managed', resolved: 'Resolved' },
  untitledTheme: 'Untitled theme',
  untitledMeasure: 'Untitled measure',
  untitledFriction: 'Untitled friction point',
  untitledBoard: 'Untitled board',
  anonymous: 'Anonymous',
  comma: ', ',
  quote: (text) => `“${text}”`,
};

const JA: Wording = {
  lang: 'ja',
  brief: 'ブリーフィング資料',
  keyJudgements: '主要な判断',
  noKeyJudgements: 'このボードには、ファシリテーターによる主要な判断がまだ記入されていません。',
  fromTheRoom: '議論の結果',
  topVoted: '得票の多い摩擦点',
  highSeverity: '深刻度「高」の摩擦点',
  leastAligned: '一致度の低いテーマ',
  mostAligned: '一致度の高いテーマ',
  matrix: '比較表',
  matrixNote: 'ボードに記録された施策をテーマ別・主体別に示す。詳細はテーマごとに後述する。',
  theme: 'テーマ',
  themes: 'テーマ別の比較',
  notAddressed: '未対応',
  noThemes: 'ボードにテーマが記録されていません。',
  noMeasures: 'このテーマには施策が記録されていません。',
  frictions: '摩擦点',
  noFrictions: 'ボードに摩擦点が記録されていません。',
  linkedMeasures: '関連する施策',
  touchingTheme: 'このテーマに関わる摩擦点',
  annex: (letter, title) => `付録${letter}：${title}`,
  agenda: '進行表',
  step: '順番',
  title: '名称',
  whatItDoes: '内容',
  votes: '投票結果',
  voteNote: '公開された投票の結果（得票順。同数の項目は同順位）。',
  noVotesCast: '投票は公開されたが、票は投じられなかった。',
  rank: '順位',
  item: '項目',
  where: '位置',
  votesColumn: '票数',
  comments: '未解決のコメント',
  commentsNote: '解決済みになっていないコメントを対象ごとに示す。',
  noComments: 'ボードに未解決のコメントはありません。',
  measure: '施策',
  frictionPoint: '摩擦点',
  evidence: '出典の確認',
  unsourced: (count, of) => `${of}件の施策のうち${count}件は出典を示していない。`,
  changes: (label) => `「${label}」以降の変更`,
  snapshotTaken: (date) => `スナップショットの作成日：${date}。`,
  nothingChanged: 'スナップショット以降の変更はありません。',
  changeCountLead: '変更：',
  change: '変更',
  whereWhat: '位置・内容',
  changeKinds: { added: '追加', edited: '編集', moved: '移動', removed: '削除' },
  changeTargets: { row: 'テーマ', card: '施策', friction: '摩擦点' },
  changeFields: {
    title: '名称',
    summary: '概要',
    body: '本文',
    kind: '種類',
    year: '年',
    amount: '金額',
    tags: 'タグ',
    sources: '出典',
    severity: '深刻度',
    status: '状態',
    links: '関連する施策',
  },
  changeCounts: (c) => `追加${c.added}件、編集${c.edited}件、移動${c.moved}件、削除${c.removed}件`,
  fieldsEdited: (fields) => `${fields.join('・')}を編集`,
  wasIn: (place) => `元の位置：${place}`,
  changedBy: (name) => `編集者：${name}`,
  detailSeparator: '；',
  changesWho:
    '編集者の名前は、ウェブ版でその項目を最後に編集した人を示す（ボードに記録がある場合）。',
  unnamedSnapshot: 'スナップショット',
  stop: '。',
  sources: '出典',
  sourcesNote: '本文中の角括弧の番号は以下の出典を指す（ボード上の順）。',
  noSources: 'ボードに出典が記録されていません。',
  noCitation: '書誌情報なし。',
  coverSource: '出典',
  coverAuthor: '著者',
  coverAsOf: '内容の時点',
  coverDate: '作成日',
  coverBoard: 'ボード',
  coverParticipants: '参加者',
  coverNote: '施策・数値・摩擦点はボードに記録されたとおり。角括弧の番号は巻末の出典を指す。',
  more: (n) => `ほか${n}名`,
  counts: (t, m, f, s) => `テーマ${t}件・施策${m}件・摩擦点${f}件・出典${s}件`,
  page: (n, of) => `${n} / ${of}`,
  voteCount: (n) => `${n}票`,
  rated: (mean) => `一致度 ${mean.toFixed(1)} / 5`,
  kinds: {
    promotion: '振興',
    protection: '保護',
    institution: '制度・機関',
    partnership: '連携',
    context: '背景',
  },
  severities: { high: '深刻度：高', medium: '深刻度：中', low: '深刻度：低' },
  statuses: { open: '未解決', managed: '対応中', resolved: '解決済み' },
  untitledTheme: '無題のテーマ',
  untitledMeasure: '無題の施策',
  untitledFriction: '無題の摩擦点',
  untitledBoard: '無題のボード',
  anonymous: '匿名',
  comma: '、',
  quote: (text) => `「${text}」`,
};

export const WORDING: Record<BriefLanguage, Wording> = { en: EN, ja: JA };

const DAY: Record<BriefLanguage, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }),
  ja: new Intl.DateTimeFormat('ja-JP', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }),
};
const MONTH: Record<BriefLanguage, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  ja: new Intl.DateTimeFormat('ja-JP', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `15 January 2025` / `2025年1月15日` for `2025-01-15`. */
export function formatDay(iso: string, language: BriefLanguage): string {
  const [y, m, d] = iso.split('-').map(Number);
  return DAY[language].format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * A provenance date as people write it: `2025-01` → `January 2025` / `2025年1月`, a full ISO
 * date as a day, anything else as written.
 */
export function formatLooseDate(value: string, language: BriefLanguage): string {
  const month = /^(\d{4})-(\d{2})$/.exec(value.trim());
  if (month) {
    const m = Number(month[2]);
    if (m >= 1 && m <= 12)
      return MONTH[language].format(new Date(Date.UTC(Number(month[1]), m - 1, 1)));
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return formatDay(value.trim(), language);
  return value;
}
