/**
 * The facilitator's agenda (`agenda`, steps by id, ordered by fractional index): what each
 * step of the session does — focus a row, card or friction, run the timer for N minutes, open
 * a dot vote on friction points, lock or unlock the board. It lives in the board document so
 * it is written together, saved in snapshots and exported; which step is current is session
 * state (shared/facilitation/agenda.ts). A step's settings are plain values written whole, so
 * two edits of one step never mix. Readers drop references to records deleted since (also
 * concurrently), the same way friction links skip deleted cards: deletes need not know steps.
 */
import * as Y from 'yjs';
import { boardTypes, readString, recordAt, type BoardTypes, type RecordMap } from './layout.ts';
import { isValidId, newId } from './ids.ts';
import { wellFormed } from './text.ts';
import { orderAt, orderKeys } from './order.ts';
import { orderedRecords, requireRecord } from './records.ts';

export const AGENDA_FOCUS_TYPES = ['row', 'card', 'friction'] as const;
export type AgendaFocusType = (typeof AGENDA_FOCUS_TYPES)[number];

export interface AgendaFocus {
  type: AgendaFocusType;
  id: string;
}

/** A dot vote the step opens, on friction points. */
export interface AgendaVote {
  targetIds: string[];
  perPerson: number;
}

/** What one step does; `null` leaves that part of the session as it is (see `performStep`). */
export interface AgendaStepSettings {
  title: string;
  focus: AgendaFocus | null;
  minutes: number | null;
  vote: AgendaVote | null;
  /** `true` locks the board, `false` unlocks it. */
  lock: boolean | null;
}

export interface AgendaStep extends AgendaStepSettings {
  id: string;
  order: string;
}

export interface AgendaStepInit extends Partial<AgendaStepSettings> {
  id?: string;
  index?: number;
  order?: string;
}

export const AGENDA_LIMITS = {
  title: 200,
  minutes: { min: 1, max: 240 },
  perPerson: { min: 1, max: 20 },
  targets: { min: 1, max: 100 },
  steps: 200,
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isWholeIn = (v: unknown, r: { min: number; max: number }): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= r.min && v <= r.max;

export function isAgendaFocusType(v: unknown): v is AgendaFocusType {
  return typeof v === 'string' && (AGENDA_FOCUS_TYPES as readonly string[]).includes(v);
}

function recordsOf(types: BoardTypes, type: AgendaFocusType): Y.Map<unknown> {
  return type === 'row' ? types.rows : type === 'card' ? types.cards : types.frictions;
}

/** The step's focus if it still names a live record. */
function liveFocus(types: BoardTypes, value: unknown): AgendaFocus | null {
  if (!isRecord(value) || !isAgendaFocusType(value.type) || !isValidId(value.id)) return null;
  return recordsOf(types, value.type).has(value.id) ? { type: value.type, id: value.id } : null;
}

/** The step's vote on the friction points that still exist; none left means no vote. */
function liveVote(types: BoardTypes, value: unknown): AgendaVote | null {
  if (!isRecord(value) || !Array.isArray(value.targetIds)) return null;
  if (!isWholeIn(value.perPerson, AGENDA_LIMITS.perPerson)) return null;
  const targetIds = [
    ...new Set(
      value.targetIds.filter(
        (t): t is string => isValidId(t) && recordAt(types.frictions, t) !== undefined,
      ),
    ),
  ];
  return targetIds.length ? { targetIds, perPerson: value.perPerson } : null;
}

function readStep(types: BoardTypes, id: string, order: string, map: RecordMap): AgendaStep {
  const minutes = map.get('minutes');
  const lock = map.get('lock');
  return {
    id,
    order,
    title: readString(map, 'title'),
    focus: liveFocus(types, map.get('focus')),
    minutes: isWholeIn(minutes, AGENDA_LIMITS.minutes) ? minutes : null,
    vote: liveVote(types, map.get('vote')),
    lock: typeof lock === 'boolean' ? lock : null,
  };
}

/** The agenda in order. */
export function listAgenda(doc: Y.Doc): AgendaStep[] {
  const types = boardTypes(doc);
  return orderedRecords(types.agenda).map(({ id, order, map }) => readStep(types, id, order, map));
}

/**
 * Step settings that cannot be written: a code with parameters, which interfaces word in their
 * reader's language, and an English message for scripts and logs.
 */
export type AgendaStepProblem =
  | { code: 'title_too_long'; params: { max: number } }
  | { code: 'invalid_focus'; params: { type: string } }
  | { code: 'invalid_minutes'; params: { min: number; max: number } }
  | { code: 'invalid_vote_targets'; params: { min: number; max: number } }
  | { code: 'duplicate_vote_targets'; params: Record<string, never> }
  | { code: 'invalid_votes_per_person'; params: { min: number; max: number } }
  | { code: 'invalid_lock'; params: Record<string, never> }
  | { code: 'too_many_steps'; params: { max: number } };

export class AgendaStepError extends Error {
  readonly code: AgendaStepProblem['code'];
  readonly params: AgendaStepProblem['params'];
  constructor(problem: AgendaStepProblem, message: string) {
    super(message);
    this.name = 'AgendaStepError';
    this.code = problem.code;
    this.params = problem.params;
  }
}

/** Checks settings about to be written; throws an `AgendaStepError` for anything off. */
function checkSettings(types: BoardTypes, s: Partial<AgendaStepSettings>): void {
  if (s.title !== undefined) {
    if (typeof s.title !== 'string') throw new Error('a step title must be text');
    if (s.title.length > AGENDA_LIMITS.title) {
      throw new AgendaStepError(
        { code: 'title_too_long', params: { max: AGENDA_LIMITS.title } },
        `a step title may have at most ${AGENDA_LIMITS.title} characters`,
      );
    }
  }
  if (s.focus) {
    if (!isAgendaFocusType(s.focus.type)) {
      throw new AgendaStepError(
        { code: 'invalid_focus', params: { type: String(s.focus.type).slice(0, 40) } },
        `a step focuses a row, a card or a friction, not "${String(s.focus.type)}"`,
      );
    }
    requireRecord(recordsOf(types, s.focus.type), s.focus.id, s.focus.type);
  }
  if (s.minutes !== undefined && s.minutes !== null) {
    const { min, max } = AGENDA_LIMITS.minutes;
    if (!isWholeIn(s.minutes, AGENDA_LIMITS.minutes)) {
      throw new AgendaStepError(
        { code: 'invalid_minutes', params: { min, max } },
        `a step runs the timer for ${min} to ${max} whole minutes`,
      );
    }
  }
  if (s.vote) {
    const { targets, perPerson } = AGENDA_LIMITS;
    const ids = s.vote.targetIds;
    if (!Array.isArray(ids) || ids.length < targets.min || ids.length > targets.max) {
      throw new AgendaStepError(
        { code: 'invalid_vote_targets', params: { ...targets } },
        `a step's vote needs ${targets.min} to ${targets.max} friction points`,
      );
    }
    if (new Set(ids).size !== ids.length) {
      throw new AgendaStepError(
        { code: 'duplicate_vote_targets', params: {} },
        'a vote lists each friction point once',
      );
    }
    for (const fid of ids) requireRecord(types.frictions, fid, 'friction');
    if (!isWholeIn(s.vote.perPerson, perPerson)) {
      throw new AgendaStepError(
        { code: 'invalid_votes_per_person', params: { ...perPerson } },
        `a step's vote gives ${perPerson.min} to ${perPerson.max} votes per person`,
      );
    }
  }
  if (s.lock !== undefined && s.lock !== null && typeof s.lock !== 'boolean') {
    throw new AgendaStepError(
      { code: 'invalid_lock', params: {} },
      'a step locks (true), unlocks (false) or leaves the lock (null)',
    );
  }
}

function writeSettings(map: RecordMap, s: Partial<AgendaStepSettings>): void {
  if (s.title !== undefined) map.set('title', wellFormed(s.title));
  if (s.focus !== undefined)
    map.set('focus', s.focus ? { type: s.focus.type, id: s.focus.id } : null);
  if (s.minutes !== undefined) map.set('minutes', s.minutes);
  if (s.vote !== undefined) {
    map.set(
      'vote',
      s.vote ? { targetIds: [...s.vote.targetIds], perPerson: s.vote.perPerson } : null,
    );
  }
  if (s.lock !== undefined) map.set('lock', s.lock);
}

/** Adds a step (at the end unless `index` or `order` says otherwise); returns its id. */
export function addStep(doc: Y.Doc, init: AgendaStepInit = {}): string {
  const id = init.id ?? newId('s');
  if (!isValidId(id)) throw new Error(`"${id}" is not a valid step id`);
  doc.transact(() => {
    const types = boardTypes(doc);
    if (types.agenda.has(id)) throw new Error(`step "${id}" exists`);
    if (types.agenda.size >= AGENDA_LIMITS.steps) {
      throw new AgendaStepError(
        { code: 'too_many_steps', params: { max: AGENDA_LIMITS.steps } },
        `an agenda has at most ${AGENDA_LIMITS.steps} steps`,
      );
    }
    const settings: AgendaStepSettings = {
      title: init.title ?? '',
      focus: init.focus ?? null,
      minutes: init.minutes ?? null,
      vote: init.vote ?? null,
      lock: init.lock ?? null,
    };
    checkSettings(types, settings);
    const map = new Y.Map<unknown>();
    writeSettings(map, settings);
    map.set(
      'order',
      init.order ?? orderAt(orderedRecords(types.agenda), init.index ?? Number.MAX_SAFE_INTEGER),
    );
    types.agenda.set(id, map);
  });
  return id;
}

/** Changes the given settings of a step (the others stay). */
export function editStep(doc: Y.Doc, id: string, change: Partial<AgendaStepSettings>): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    const map = requireRecord(types.agenda, id, 'step');
    checkSettings(types, change);
    writeSettings(map, change);
  });
}

export function moveStep(doc: Y.Doc, id: string, index: number): void {
  doc.transact(() => {
    const { agenda } = boardTypes(doc);
    requireRecord(agenda, id, 'step').set(
      'order',
      orderAt(
        orderedRecords(agenda, (_s, sid) => sid !== id),
        index,
      ),
    );
  });
}

export function deleteStep(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const { agenda } = boardTypes(doc);
    requireRecord(agenda, id, 'step');
    agenda.delete(id);
  });
}

/**
 * Makes the agenda hold exactly `steps` (imports and snapshot restores), inside the caller's
 * transaction. References must already be checked (BoardJSON validation does it).
 */
export function writeAgenda(
  doc: Y.Doc,
  steps: readonly (AgendaStepSettings & { id: string })[],
): void {
  const types = boardTypes(doc);
  const keep = new Set(steps.map((s) => s.id));
  for (const id of [...types.agenda.keys()]) if (!keep.has(id)) types.agenda.delete(id);
  const keys = orderKeys(steps.length);
  steps.forEach((step, i) => {
    const { id, ...settings } = step;
    let map = recordAt(types.agenda, id);
    if (!map) {
      map = new Y.Map<unknown>();
      writeSettings(map, settings);
      map.set('order', keys[i]);
      types.agenda.set(id, map);
      return;
    }
    const now = readStep(types, id, readString(map, 'order'), map);
    if (now.title !== wellFormed(settings.title)) map.set('title', wellFormed(settings.title));
    if (JSON.stringify(now.focus) !== JSON.stringify(settings.focus))
      map.set('focus', settings.focus);
    if (now.minutes !== settings.minutes) map.set('minutes', settings.minutes);
    if (JSON.stringify(now.vote) !== JSON.stringify(settings.vote)) map.set('vote', settings.vote);
    if (now.lock !== settings.lock) map.set('lock', settings.lock);
    if (now.order !== keys[i]) map.set('order', keys[i]);
  });
}
