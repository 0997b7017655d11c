/** The people and the moment the facilitation unit tests act with. */
import type { Actor } from '../../../shared/facilitation/index.ts';

export const NOW = 1_700_000_000_000;
export const facilitator: Actor = { role: 'facilitator', voterId: 'f-1', name: 'Fac' };
export const editor: Actor = { role: 'editor', voterId: 'e-1', name: 'Ed' };
export const viewer: Actor = { role: 'viewer', voterId: 'v-1', name: 'Vi' };
