/**
 * The board model, pure: the contract's Yjs layout, typed readers, the operations people
 * perform (each one `doc.transact`), fractional order, and BoardJSON ⇄ Y.Doc.
 * Nothing here does I/O or touches the DOM; the server and the web client both call it.
 */
export {
  META,
  COLUMNS,
  ROWS,
  CARDS,
  FRICTIONS,
  SOURCES,
  COMMENTS,
  AGENDA,
  ALIGNMENT,
  CARD_KINDS,
  SEVERITIES,
  FRICTION_STATUSES,
  COUNTRY_US,
  COUNTRY_JP,
  COUNTRY_JOINT,
  boardTypes,
  columnRecords,
  eachRecord,
  recordAt,
  threadAt,
  threadComments,
  type BoardTypes,
  type CardKind,
  type Severity,
  type FrictionStatus,
  type CardTextField,
  type FrictionTextField,
  type RowTextField,
} from './layout.ts';
export { ID_PATTERN, isValidId, newId } from './ids.ts';
export { compareOrder, orderAt, orderKeys } from './order.ts';
export { diffText, replaceText, wellFormed, type TextEdit } from './text.ts';
export {
  readMeta,
  setTitle,
  setSubtitle,
  setKeyJudgements,
  writeProvenance,
  PROVENANCE_FIELDS,
  type BoardMeta,
  type Provenance,
} from './meta.ts';
export { BOARD_LANGUAGES, isBoardLanguage, type BoardLanguage } from './format.ts';
export {
  addColumn,
  renameColumn,
  moveColumn,
  deleteColumn,
  listColumns,
  type ColumnInit,
  type ColumnView,
} from './column.ts';
export {
  addRow,
  renameRow,
  editRowText,
  rowText,
  moveRow,
  deleteRow,
  listRows,
  type RowInit,
  type RowView,
} from './row.ts';
export {
  addCard,
  editCardText,
  cardText,
  moveCard,
  deleteCard,
  setCardKind,
  setCardYear,
  setCardAmount,
  setCardTags,
  attachSource,
  detachSource,
  readCard,
  isCardKind,
  type CardInit,
  type CardView,
} from './card.ts';
export {
  addFriction,
  editFrictionText,
  frictionText,
  linkCard,
  unlinkCard,
  setSeverity,
  setStatus,
  moveFriction,
  deleteFriction,
  listFrictions,
  readFriction,
  type FrictionInit,
  type FrictionView,
} from './friction.ts';
export {
  addSource,
  editSource,
  deleteSource,
  listSources,
  readSource,
  type SourceInit,
  type SourceView,
} from './source.ts';
export {
  addComment,
  editComment,
  resolveComment,
  deleteComment,
  listComments,
  listAllComments,
  type CommentInit,
  type CommentView,
} from './comment.ts';
export {
  BOARD_FORMAT,
  BOARD_VERSION,
  LIMITS,
  BoardSchema,
  BoardValidationError,
  parseBoardJson,
  type BoardJSON,
  type BoardJSONInput,
  type CardJSON,
  type ColumnJSON,
  type AgendaStepJSON,
  type AlignmentRatingJSON,
  type CommentJSON,
  type FrictionJSON,
  type RowJSON,
  type SourceJSON,
  type ProvenanceJSON,
} from './schema.ts';
export { toYDoc, fromYDoc } from './convert.ts';
export { replaceBoard } from './replace.ts';
export { EDITED_BY, editedBy, trackEditors } from './editors.ts';
export { findGaps, type Gap, type GapKind } from './gaps.ts';
export {
  RATING_SCALE,
  RATER_NAME_LENGTH,
  ratingKey,
  isScore,
  rateTheme,
  clearRating,
  readRating,
  listRatings,
  summarizeAlignment,
  type Rater,
  type AlignmentRating,
  type RatingChange,
  type ScaleSummary,
  type ThemeAlignment,
} from './alignment.ts';
export {
  AGENDA_FOCUS_TYPES,
  AGENDA_LIMITS,
  addStep,
  editStep,
  moveStep,
  deleteStep,
  listAgenda,
  isAgendaFocusType,
  AgendaStepError,
  type AgendaStepProblem,
  type AgendaFocus,
  type AgendaFocusType,
  type AgendaStep,
  type AgendaStepInit,
  type AgendaStepSettings,
  type AgendaVote,
} from './agenda.ts';
export {
  boardChanges,
  countChanges,
  type BoardChange,
  type CardPlace,
  type ChangeField,
  type ChangeKind,
  type ChangeTargetType,
} from './changes.ts';
