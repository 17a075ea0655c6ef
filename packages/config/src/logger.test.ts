import { describe, expect, it } from 'vitest';
import { createLogger, logFormat } from './logger.ts';

describe('logFormat', () => {
  it('is pretty only on a terminal with no destination given', () => {
    expect(logFormat({ isTTY: true, destination: false })).toBe('pretty');
    expect(logFormat({ isTTY: false, destination: false })).toBe('json');
    // A stream that is not a TTY has no isTTY at all.
    expect(logFormat({ isTTY: undefined, destination: false })).toBe('json');
  });

  it('is JSON whenever a destination is given, even on a terminal', () => {
    expect(logFormat({ isTTY: true, destination: true })).toBe('json');
    expect(logFormat({ isTTY: false, destination: true })).toBe('json');
  });
});

describe('createLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    const log = createLogger('test', 'debug', { write: (line: string) => lines.push(line) });
    return { log, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  };

  it('writes JSON lines to a given destination', () => {
    const { log, lines } = capture();
    log.info({ queue: 'planet' }, 'hello');
    expect(lines()).toEqual([
      expect.objectContaining({ name: 'test', level: 30, queue: 'planet', msg: 'hello' }),
    ]);
  });

  it('redacts credentials and auth headers', () => {
    const { log, lines } = capture();
    log.info({
      headers: { authorization: 'Bearer t0ken' },
      req: { headers: { authorization: 'Basic dXNlcjpwdw==', sign: 's1gn' } },
      account: { password: 'pw', token: 't0ken', apiKey: 'k3y' },
    });
    const line = JSON.stringify(lines());
    for (const secret of ['t0ken', 'dXNlcjpwdw==', 's1gn', '"pw"', 'k3y'])
      expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });

  it('logs an error with its type, message and stack, causes included', () => {
    const { log, lines } = capture();
    const cause = new Error('connection reset');
    log.error({ err: new Error('write failed', { cause }) }, 'boom');
    const err = lines()[0]?.err as { type: string; message: string; stack: string };
    expect(err.type).toBe('Error');
    expect(err.message).toBe('write failed: connection reset');
    expect(err.stack).toMatch(/^Error: write failed\n\s+at /);
    expect(err.stack).toContain('caused by: Error: connection reset');
  });
});
