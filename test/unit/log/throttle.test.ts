import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { throttledLog } from '../../../server/log/throttle.ts';
import { eventually } from '../../helpers/clients.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('throttledLog', () => {
  it('logs a burst of one failure as its first line and one line with the count', async () => {
    const { log, lines } = capture();
    const throttled = throttledLog(log, 200);
    for (let i = 0; i < 500; i++) throttled('error', { board: `b${i}` }, 'redis publish failed');
    throttled('warn', { board: 'x' }, 'store write failed');

    await eventually(() => expect(lines.some((l) => l.repeated !== undefined)).toBe(true));
    const publish = lines.filter((l) => l.msg === 'redis publish failed');
    expect(publish).toHaveLength(2);
    expect(publish[0]).toMatchObject({ board: 'b0', level: 50 });
    expect(publish[0].repeated).toBeUndefined();
    expect(publish[1]).toMatchObject({ board: 'b499', repeated: 499, windowMs: 200 });
    // Another message is not swallowed by the first one's window, and a lone line gets no count.
    expect(lines.filter((l) => l.msg === 'store write failed')).toEqual([
      expect.objectContaining({ board: 'x', level: 40 }),
    ]);

    // After the window, the next occurrence is logged at once again.
    throttled('error', { board: 'later' }, 'redis publish failed');
    expect(lines.at(-1)).toMatchObject({ board: 'later', msg: 'redis publish failed' });
    expect(lines.at(-1)!.repeated).toBeUndefined();
  });
});
