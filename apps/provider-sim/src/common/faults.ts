import type { FaultKind } from './call-recorder.ts';
import { BadRequest } from './bad-request.ts';
import {
  asObject,
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalNumber,
  optionalString,
} from './validate.ts';

export const FAULT_KINDS: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  '401',
  '403',
  '429',
  'hang',
  'reset',
  'malformed',
];

/** The kinds that answer an HTTP status (the rest: no answer, or a garbled one). */
export const STATUS_FAULT_KINDS: readonly FaultKind[] = ['500', '502', '503', '401', '403', '429'];

/**
 * The kinds that may strike after the provider acted. Not 401/403/429: those are refusals, and
 * a provider that refuses a call has not acted on it.
 */
export const AFTER_EFFECT_KINDS: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  'hang',
  'reset',
  'malformed',
];

/** A non-JSON error body: `text` a one-line plain-text reason, `html` a gateway's error page. */
export const FAULT_BODIES = ['text', 'html'] as const;
export type FaultBody = (typeof FAULT_BODIES)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Share of matching calls faulted, 0..1. Absent: every matching call. */
  rate?: number;
  /** Fault only this many matching calls, then retire. Absent: no limit. */
  count?: number;
  /**
   * Let this many matching calls (that no earlier fault took) through before striking. With
   * `count` and no `rate`, a schedule that does not depend on dice: `{skip: 9, count: 1}`
   * faults the 10th matching call. Absent: 0.
   */
  skip?: number;
  /** For `429`: value of the Retry-After header, seconds. Absent: no header. */
  retry_after_s?: number;
  method?: 'PUT' | 'POST' | 'GET' | 'DELETE';
  /** Matches the full path (`/planet/bulk`) or the path under the provider (`/bulk`). */
  path_prefix?: string;
  /**
   * For the status kinds: answer with a body that is not JSON, as a gateway or proxy in front
   * of the provider does, under that very HTTP status (even at CoinW, whose JSON faults put
   * 401/403/429 in a body code under HTTP 200). Absent: the provider's own JSON error body.
   */
  body?: FaultBody;
  /**
   * For 500/502/503, hang, reset and malformed: let the call reach the provider, which acts on
   * it (the order really is cancelled), then lose the answer to the fault. Absent: the fault
   * strikes before the provider, which never sees the call.
   */
  after_effect?: boolean;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
  toSkip: number;
}

export function parseFaults(body: unknown): FaultSpec[] {
  const list = optionalArray(asObject(body), 'faults');
  if (list === undefined) throw new BadRequest('faults must be an array');
  return list.map((item, i) => {
    const raw = asObject(item, `faults[${i}]`);
    const kind = optionalEnum(raw, 'kind', FAULT_KINDS);
    if (kind === undefined) throw new BadRequest(`faults[${i}].kind is required`);
    const spec: FaultSpec = { kind };
    const rate = optionalNumber(raw, 'rate', { max: 1 });
    const count = optionalNumber(raw, 'count', { integer: true, min: 1 });
    const skip = optionalNumber(raw, 'skip', { integer: true });
    const retryAfter = optionalNumber(raw, 'retry_after_s', { integer: true });
    const method = optionalEnum(raw, 'method', ['PUT', 'POST', 'GET', 'DELETE'] as const);
    const prefix = optionalString(raw, 'path_prefix');
    const body = optionalEnum(raw, 'body', FAULT_BODIES);
    const afterEffect = optionalBoolean(raw, 'after_effect');
    if (body !== undefined && !STATUS_FAULT_KINDS.includes(kind)) {
      throw new BadRequest(
        `faults[${i}].body is for the kinds that answer a status (${STATUS_FAULT_KINDS.join(', ')}), not ${kind}`,
      );
    }
    if (afterEffect === true && !AFTER_EFFECT_KINDS.includes(kind)) {
      throw new BadRequest(
        `faults[${i}].after_effect is for ${AFTER_EFFECT_KINDS.join(', ')}: a ${kind} is a refusal, so the provider cannot have acted`,
      );
    }
    if (rate !== undefined) spec.rate = rate;
    if (count !== undefined) spec.count = count;
    if (skip !== undefined) spec.skip = skip;
    if (retryAfter !== undefined) spec.retry_after_s = retryAfter;
    if (method !== undefined) spec.method = method;
    if (prefix !== undefined) spec.path_prefix = prefix;
    if (body !== undefined) spec.body = body;
    if (afterEffect === true) spec.after_effect = true;
    return spec;
  });
}

/**
 * Decides which calls get a fault. Faults are tried in the order added; the first that matches
 * the call, has skipped its `skip` calls and wins its dice roll applies. A `count` is only spent
 * when the fault applies, so `{count: 2, rate: 0.5}` faults two calls, about every other one.
 * A call a fault skips goes on to the next fault, and counts towards its `skip` too: so faults
 * `i = 0, 1, …` with `{count: 1, skip: 3·(i+1)}` strike calls 4, 8, 12, …, one kind each.
 */
export class FaultInjector {
  private active: ActiveFault[] = [];

  add(specs: readonly FaultSpec[]): void {
    for (const spec of specs) {
      this.active.push({ ...spec, remaining: spec.count ?? Infinity, toSkip: spec.skip ?? 0 });
    }
  }

  clear(): void {
    this.active = [];
  }

  list(): FaultSpec[] {
    return this.active
      .filter((f) => f.remaining > 0)
      .map(({ remaining: _r, toSkip: _s, ...spec }) => spec);
  }

  pick(method: string, fullPath: string, providerPath: string): FaultSpec | null {
    for (const fault of this.active) {
      if (fault.remaining <= 0) continue;
      if (fault.method !== undefined && fault.method !== method) continue;
      const prefix = fault.path_prefix;
      if (
        prefix !== undefined &&
        !fullPath.startsWith(prefix) &&
        !providerPath.startsWith(prefix)
      ) {
        continue;
      }
      if (fault.toSkip > 0) {
        fault.toSkip--;
        continue;
      }
      if (fault.rate !== undefined && Math.random() >= fault.rate) continue;
      fault.remaining--;
      return fault;
    }
    return null;
  }
}
