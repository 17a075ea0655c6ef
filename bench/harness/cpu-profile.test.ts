import { describe, expect, it } from 'vitest';
import { flameTree, timeByPart, type CpuProfile, type ProfilePart } from './cpu-profile.ts';

/**
 * A profile of five samples, 1 ms apart: idle, then `send` under `run` (twice), `parse` under
 * `send`, and `run` itself.
 *   (root) ─ (idle)
 *          └ run (app.ts) ─ send (http.ts) ─ parse (json.ts)
 */
const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
const profile: CpuProfile = {
  startTime: 1_000,
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('run', 'file:///app.ts'), children: [4] },
    { id: 4, callFrame: frame('send', 'file:///http.ts'), children: [5] },
    { id: 5, callFrame: frame('parse', 'file:///json.ts') },
  ],
  samples: [2, 4, 4, 5, 3],
  timeDeltas: [1_000, 1_000, 1_000, 1_000, 1_000],
};
const parts: ProfilePart[] = [
  { part: 'http', matches: (f) => f.url.endsWith('http.ts') },
  { part: 'app', matches: (f) => f.url.endsWith('app.ts') },
];

describe('timeByPart', () => {
  it('gives each sample to the first part with a frame on its stack, leaving idle time out', () => {
    expect(timeByPart(profile, parts, 'other')).toEqual([
      { part: 'http', ms: 3, share: 0.75 },
      { part: 'app', ms: 1, share: 0.25 },
    ]);
  });

  it('reads only the samples inside the window', () => {
    // Samples are stamped 2,000 … 6,000 µs: the window holds the 3rd and 4th.
    expect(timeByPart(profile, parts, 'other', { fromUs: 3_500, toUs: 5_500 })).toEqual([
      { part: 'http', ms: 2, share: 1 },
    ]);
  });

  it('puts what no part claims under the other part', () => {
    expect(timeByPart(profile, [], 'other')).toEqual([{ part: 'other', ms: 4, share: 1 }]);
  });
});

describe('flameTree', () => {
  it('sums self and children, without idle, and colours a box by the first part on its path', () => {
    const tree = flameTree(profile, parts, 'other');
    expect(tree.ms).toBe(4);
    const run = tree.children[0];
    expect(tree.children).toHaveLength(1);
    expect(run).toMatchObject({ name: 'run app.ts:1', part: 'app', ms: 4 });
    expect(run?.children[0]).toMatchObject({ name: 'send http.ts:1', part: 'http', ms: 3 });
    expect(run?.children[0]?.children[0]).toMatchObject({ part: 'http', ms: 1 });
  });

  it('prunes boxes below the share asked for', () => {
    const tree = flameTree(profile, parts, 'other', undefined, 0.3);
    expect(tree.children[0]?.children[0]?.children).toEqual([]);
  });
});
