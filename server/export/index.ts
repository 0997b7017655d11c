/**
 * Exports of a board: the brief as Markdown, PDF and HTML, all rendered from one `Brief` built
 * by `buildBrief`, so the three formats always carry the same content in the same order.
 * Pure functions of (BoardJSON, options): no I/O besides reading the bundled font files, no
 * clock, no randomness. The HTTP routes live elsewhere and only call these.
 */
export {
  buildBrief,
  BriefOptionsError,
  KIND_LABELS,
  SEVERITY_LABELS,
  STATUS_LABELS,
  type Brief,
  type BriefOptions,
  type BriefCell,
  type BriefComment,
  type BriefCommentThread,
  type BriefDate,
  type BriefEndnote,
  type BriefFriction,
  type BriefMeasure,
  type BriefSide,
  type BriefTheme,
  type BriefVoteResult,
  type EndnoteRef,
  type RichText,
} from './brief.ts';
export {
  CHANGE_LABELS,
  unsourcedCards,
  type BriefChange,
  type BriefChanges,
  type BriefEvidence,
  type BriefSince,
  type BriefUnsourced,
} from './annexes.ts';
export {
  alignmentByTheme,
  alignmentLine,
  type BriefAlignment,
  type BriefScale,
} from './alignment.ts';
export { briefToMarkdown, renderMarkdown, escapeMarkdown } from './markdown.ts';
export { briefToPdf, renderPdf } from './pdf.ts';
export { briefToHtml, renderHtml, escapeHtml } from './html.ts';
