import { monotonicMs } from './clock.ts';
import { maxInWindow } from './max-in-window.ts';

/** What a fault injector did to a call; `null` when the call ran normally. */
export type FaultKind =
  '500' | '502' | '503' | '401' | '403' | '429' | 'hang' | 'reset' | 'malformed';

export interface CallRecord {
  /**
   * Arrival time, epoch ms with sub-ms precision, taken before the body was read (PlanOmatic:
   * once it was read, since its calls name their account in the body; see `readAhead`).
   */
  at_ms: number;
  /**
   * The same moment on the host's monotonic clock (`monotonicMs`): what a process on this host
   * compares its own times with, since epoch stamps of two processes can disagree.
   */
  mono_ms: number;
  method: string;
  /** Full request path without the query string, e.g. `/planet/orders/v2/<id>`. */
  path: string;
  /** The raw query string as sent (without `?`); null when there was none. */
  query: string | null;
  /**
   * The account whose key the call presented (api key, token, AccountId), whether or not the
   * rest of its credential was right; null when it matched none (then it counted in
   * `default`'s window).
   */
  account: string | null;
  /** Status sent; null when nothing was sent (hang, reset, client gone first). */
  status: number | null;
  /** Order ids the call named (path or body), as sent. */
  ids: string[];
  /** Provider-specific classification of the body, e.g. Planet's bulk `all_queued`. */
  body_kind: string | null;
  fault: FaultKind | null;
  /** Present when the fault answered a body that was not JSON (`text` or `html`). */
  fault_body?: 'text' | 'html';
  /** Present (true) when the fault struck after the provider acted on the call. */
  after_effect?: boolean;
  /**
   * Planet bulk cancel only, present when a bulk-failures rule struck: the ids answered as failed
   * with a transient message (and left as they were).
   */
  transient_ids?: string[];
  /**
   * Only for providers whose answers carry a code in the body (CoinW): the code answered, null
   * when no JSON answer was sent (hang, reset, malformed). Absent for the others.
   */
  code?: number | null;
}

export interface CallSummary {
  calls: CallRecord[];
  count: number;
  /**
   * Throttled answers: HTTP 429s, plus answers carrying the provider's throttled code (CoinW's
   * 29001, whatever its HTTP status).
   */
  count_429: number;
  /** Most recorded calls (429'd and faulted included) in any `[t, t + window_ms)`. */
  max_in_window: number;
}

/** Every API call a provider received, in arrival order: the ground truth tests assert on. */
export class CallRecorder {
  private records: CallRecord[] = [];

  start(at_ms: number, method: string, url: string): CallRecord {
    const mark = url.indexOf('?');
    const record: CallRecord = {
      at_ms,
      mono_ms: monotonicMs(),
      method,
      path: mark < 0 ? url : url.slice(0, mark),
      query: mark < 0 || mark === url.length - 1 ? null : url.slice(mark + 1),
      account: null,
      status: null,
      ids: [],
      body_kind: null,
      fault: null,
    };
    this.records.push(record);
    return record;
  }

  /**
   * `throttledCode`: the body code that also counts as throttled (see `count_429`). `account`:
   * only the calls attributed to that account (and the counts over them).
   */
  summary(windowMs: number, throttledCode?: number, account?: string): CallSummary {
    const records =
      account === undefined ? this.records : this.records.filter((r) => r.account === account);
    const calls = records.map((r) => ({
      ...r,
      ids: [...r.ids],
      ...(r.transient_ids ? { transient_ids: [...r.transient_ids] } : {}),
    }));
    const throttled = (c: CallRecord) =>
      c.status === 429 || (throttledCode !== undefined && c.code === throttledCode);
    return {
      calls,
      count: calls.length,
      count_429: calls.filter(throttled).length,
      max_in_window: maxInWindow(
        calls.map((c) => c.at_ms),
        windowMs,
      ),
    };
  }

  clear(): void {
    this.records = [];
  }
}
