/**
 * What the web client says and does for each close code of issue 13's limits: a board over
 * its size limit stops reconnecting, says why in both languages and offers to discard the
 * refused change; a connection closed for reading too slowly just reconnects.
 */
import { describe, expect, it } from 'vitest';
import {
  CLOSE,
  DISCARD_LOCAL_CLOSE_CODES,
  FINAL_CLOSE_CODES,
  describeClose,
} from '../../../shared/protocol.ts';
import { en } from '../../../web/src/lib/i18n/en.ts';
import { ja } from '../../../web/src/lib/i18n/ja.ts';

describe('close codes of the size and speed limits', () => {
  it('a full board (4413) is final, explained and offers to discard the local change', () => {
    expect(CLOSE.BOARD_FULL).toBe(4413);
    expect(FINAL_CLOSE_CODES).toContain(CLOSE.BOARD_FULL);
    expect(DISCARD_LOCAL_CLOSE_CODES).toContain(CLOSE.BOARD_FULL);
    expect(describeClose(CLOSE.BOARD_FULL)).toMatch(/size limit.*not saved/);
    expect(en.close[CLOSE.BOARD_FULL]).toBe(describeClose(CLOSE.BOARD_FULL));
    expect(ja.close[CLOSE.BOARD_FULL]).toMatch(/サイズ上限.*保存されていません。/);
  });

  it('a connection too slow to keep up (4408) reconnects and says so', () => {
    expect(CLOSE.TOO_SLOW).toBe(4408);
    expect(FINAL_CLOSE_CODES).not.toContain(CLOSE.TOO_SLOW);
    expect(DISCARD_LOCAL_CLOSE_CODES).not.toContain(CLOSE.TOO_SLOW);
    expect(en.close[CLOSE.TOO_SLOW]).toMatch(/Reconnecting/);
    expect(ja.close[CLOSE.TOO_SLOW]).toMatch(/再接続しています/);
  });
});
