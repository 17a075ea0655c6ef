import type { FaultKind } from './call-recorder.ts';
import { BadRequest } from './bad-request.ts';
import {
  asObject,
  optionalArray,
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

export interface FaultSpec {
  kind: FaultKind;
  /** Share of matching calls faulted, 0..1. Absent: every matching call. */
  rate?: number;
  /** Fault only this many matching calls, then retire. Absent: no limit. */
  count?: number;
  /** For `429`: value of the Retry-After header, seconds. Absent: no header. */
  retry_after_s?: number;
  method?: 'PUT' | 'POST' | 'GET' | 'DELETE';
  /** Matches the full path (`/planet/bulk`) or the path under the provider (`/bulk`). */
  path_prefix?: string;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
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
    const retryAfter = optionalNumber(raw, 'retry_after_s', { integer: true });
    const method = optionalEnum(raw, 'method', ['PUT', 'POST', 'GET', 'DELETE'] as const);
    const prefix = optionalString(raw, 'path_prefix');
    if (rate !== undefined) spec.rate = rate;
    if (count !== undefined) spec.count = count;
    if (retryAfter !== undefined) spec.retry_after_s = retryAfter;
    if (method !== undefined) spec.method = method;
    if (prefix !== undefined) spec.path_prefix = prefix;
    return spec;
  });
}

/**
 * Decides which calls get a fault. Faults are tried in the order added; the first that matches
 * the call and wins its dice roll applies. A `count` is only spent when the fault applies, so
 * `{count: 2, rate: 0.5}` faults two calls, about every other one.
 */
export class FaultInjector {
  private active: ActiveFault[] = [];

  add(specs: readonly FaultSpec[]): void {
    for (const spec of specs) this.active.push({ ...spec, remaining: spec.count ?? Infinity });
  }

  clear(): void {
    this.active = [];
  }

  list(): FaultSpec[] {
    return this.active.filter((f) => f.remaining > 0).map(({ remaining: _r, ...spec }) => spec);
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
      if (fault.rate !== undefined && Math.random() >= fault.rate) continue;
      fault.remaining--;
      return fault;
    }
    return null;
  }
}
