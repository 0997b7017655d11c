/**
 * Who is on the board, from Yjs awareness: each person's name and colour, and the card or
 * friction they are editing. Reactive through `createSubscriber`; writes only this client's
 * own awareness state. Until the person has answered the name prompt (`user` null) this client
 * has no awareness state at all, so nobody sees a nameless "Guest" come and go.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Sets here are caches and per-call
   scratch values, never state: reactivity comes from Yjs through createSubscriber. */
import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';

export interface PresenceUser {
  name: string;
  color: string;
}

export interface Person extends PresenceUser {
  clientId: number;
  self: boolean;
  /** Id of the card or friction this person is editing. */
  editing: string | null;
}

/** Colours for people: distinct, readable as outlines on white, not the kind-badge hues; white initials on each reach 4.5:1. */
export const PRESENCE_COLORS = [
  '#b4451f',
  '#1f6fb4',
  '#7a3fb0',
  '#287a42',
  '#b0307a',
  '#8a6d1f',
  '#1a7878',
  '#5a5fd1',
] as const;

export function colorFor(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length];
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const chars = [...parts[0]];
  if (parts.length === 1) return chars.slice(0, 2).join('').toUpperCase();
  return (chars[0] + [...parts[parts.length - 1]][0]).toUpperCase();
}

function isUser(value: unknown): value is PresenceUser {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.color === 'string';
}

const NOBODY: readonly Person[] = Object.freeze([]);

export class Presence {
  readonly #awareness: Awareness;
  readonly #subscribe: () => void;

  constructor(awareness: Awareness, user: PresenceUser | null) {
    this.#awareness = awareness;
    awareness.setLocalState(user ? { user, editing: null } : null);
    this.#subscribe = createSubscriber((update) => {
      awareness.on('change', update);
      return () => awareness.off('change', update);
    });
  }

  /** Everyone here, this person first, then by name. */
  get people(): Person[] {
    this.#subscribe();
    const self = this.#awareness.clientID;
    const out: Person[] = [];
    this.#awareness.getStates().forEach((state, clientId) => {
      if (!isUser(state.user)) return;
      const editing = typeof state.editing === 'string' ? state.editing : null;
      out.push({
        clientId,
        name: state.user.name,
        color: state.user.color,
        self: clientId === self,
        editing,
      });
    });
    return out.sort((a, b) =>
      a.self !== b.self
        ? a.self
          ? -1
          : 1
        : a.name.localeCompare(b.name) || a.clientId - b.clientId,
    );
  }

  /** Other people editing each card or friction, by its id. */
  get editors(): Map<string, Person[]> {
    const map = new Map<string, Person[]>();
    for (const person of this.people) {
      if (person.self || !person.editing) continue;
      const list = map.get(person.editing) ?? [];
      list.push(person);
      map.set(person.editing, list);
    }
    return map;
  }

  /** Other people editing `id`; the same empty list for everyone else, so idle cards stay still. */
  editorsOf(id: string): readonly Person[] {
    return this.editors.get(id) ?? NOBODY;
  }

  /** Joins presence (the first time) or changes this person's name and colour. */
  setUser(user: PresenceUser): void {
    if (this.#awareness.getLocalState() === null) {
      this.#awareness.setLocalState({ user, editing: null });
    } else {
      this.#awareness.setLocalStateField('user', user);
    }
  }

  setEditing(id: string | null): void {
    const local = this.#awareness.getLocalState();
    if (local === null || (local.editing ?? null) === id) return;
    this.#awareness.setLocalStateField('editing', id);
  }
}
