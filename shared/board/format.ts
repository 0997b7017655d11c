/**
 * The name and version every BoardJSON document carries. Apart from the schema (zod), so that
 * code reading boards — the web client's `fromYDoc` — does not pull the validator in with it.
 */
export const BOARD_FORMAT = 'briefing-board';
export const BOARD_VERSION = 1;
