/**
 * Reads a V8 CPU profile (`node --cpu-prof`) into where the time went: a breakdown by part of a
 * provider call, and a pruned call tree for the flame chart. Written by hand: the profile format
 * is small and stable (Chrome DevTools protocol `Profiler.Profile`), and no maintained package
 * reads it into categories of our own.
 */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  /** µs on the machine's monotonic clock (the one `process.hrtime` reads, in every process). */
  startTime: number;
  samples: number[];
  /** µs between consecutive samples. */
  timeDeltas: number[];
}

/** A part of a call's work, recognized by a frame anywhere on a sample's stack. */
export interface ProfilePart {
  part: string;
  matches: (frame: CpuProfileNode['callFrame']) => boolean;
}

export interface PartTime {
  part: string;
  ms: number;
  share: number;
}

/** V8's pseudo-frames for time spent waiting and in the runtime outside JavaScript. */
const IDLE = new Set(['(idle)']);

/** A node of the flame chart's tree: total ms (self and children), heaviest children first. */
export interface FlameNode {
  name: string;
  part: string;
  ms: number;
  children: FlameNode[];
}

interface Indexed {
  byId: Map<number, CpuProfileNode>;
  parent: Map<number, number>;
  selfMs: Map<number, number>;
  root: CpuProfileNode;
}

/** The stretch of a profile to read, in µs of the monotonic clock (see CpuProfile.startTime). */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

function indexed(profile: CpuProfile, window?: ProfileWindow): Indexed {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1_000);
  });
  const root = profile.nodes.find((node) => !parent.has(node.id));
  if (!root) throw new Error('a CPU profile without a root node');
  return { byId, parent, selfMs, root };
}

/**
 * Each sample's time goes to the first part (in the order given) that has a frame on its stack,
 * else to `other`; idle time is left out, so shares are of the time the process was busy.
 */
export function timeByPart(
  profile: CpuProfile,
  parts: ProfilePart[],
  other: string,
  window?: ProfileWindow,
): PartTime[] {
  const { byId, parent, selfMs } = indexed(profile, window);
  const partOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = partOf.get(id);
    if (known !== undefined) return known;
    const stack: CpuProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) stack.push(node.callFrame);
    }
    const part = parts.find((p) => stack.some((frame) => p.matches(frame)))?.part ?? other;
    partOf.set(id, part);
    return part;
  };
  const totals = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    if (IDLE.has(byId.get(id)?.callFrame.functionName ?? '')) continue;
    const part = classify(id);
    totals.set(part, (totals.get(part) ?? 0) + ms);
  }
  const busy = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
  return [...totals]
    .map(([part, ms]) => ({ part, ms, share: busy > 0 ? ms / busy : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

/**
 * The call tree merged by function (same name and place under the same parent), without idle
 * time, pruned to nodes of at least `minShare` of the busy time: what the flame chart draws.
 */
export function flameTree(
  profile: CpuProfile,
  parts: ProfilePart[],
  other: string,
  window?: ProfileWindow,
  minShare = 0.005,
): FlameNode {
  const { byId, selfMs, root } = indexed(profile, window);
  // A box's part is the one its samples would get: the first part matching its path from the root.
  const build = (node: CpuProfileNode, above: ReadonlySet<string>): FlameNode | null => {
    const frame = node.callFrame;
    if (IDLE.has(frame.functionName)) return null;
    const path = new Set(above);
    for (const p of parts) if (p.matches(frame)) path.add(p.part);
    const part = parts.find((p) => path.has(p.part))?.part ?? other;
    const children = (node.children ?? [])
      .map((id) => byId.get(id))
      .filter((child): child is CpuProfileNode => child !== undefined)
      .map((child) => build(child, path))
      .filter((child): child is FlameNode => child !== null);
    const ms = (selfMs.get(node.id) ?? 0) + children.reduce((sum, c) => sum + c.ms, 0);
    return { name: frameName(frame), part, ms, children: merged(children) };
  };
  const tree = build(root, new Set()) ?? { name: '(root)', part: other, ms: 0, children: [] };
  return pruned(tree, tree.ms * minShare);
}

function frameName(frame: CpuProfileNode['callFrame']): string {
  const file = frame.url.split('/').slice(-1)[0] ?? '';
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file}:${frame.lineNumber + 1}` : name;
}

/** Children with the same name are one box: a function called from one place in many samples. */
function merged(children: FlameNode[]): FlameNode[] {
  const byName = new Map<string, FlameNode>();
  for (const child of children) {
    const same = byName.get(child.name);
    if (!same) byName.set(child.name, child);
    else
      byName.set(child.name, {
        ...same,
        ms: same.ms + child.ms,
        children: merged([...same.children, ...child.children]),
      });
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms);
}

function pruned(node: FlameNode, minMs: number): FlameNode {
  return {
    ...node,
    ms: Math.round(node.ms * 10) / 10,
    children: node.children.filter((c) => c.ms >= minMs).map((c) => pruned(c, minMs)),
  };
}
