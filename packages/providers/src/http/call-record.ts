/** One provider call as the job log and metrics see it. Never holds a credential. */
export interface CallRecord {
  method: string;
  path: string;
  status: number | null;
  latencyMs: number;
  ids: string[];
  error?: string;
}

export type CallObserver = (record: CallRecord) => void;

export function formatCallRecord(record: CallRecord): string {
  const outcome = record.status === null ? (record.error ?? 'no answer') : `HTTP ${record.status}`;
  const line = `${record.method} ${record.path} → ${outcome} in ${record.latencyMs.toFixed(1)}ms`;
  // A call whose path names its one id as a segment (a single-order PUT or POST) need not
  // name it again.
  const [only] = record.ids;
  if (record.ids.length === 1 && only && pathSegments(record.path).includes(only)) return line;
  const ids =
    record.ids.length > 5
      ? `${record.ids.slice(0, 5).join(',')},… (${record.ids.length})`
      : record.ids.join(',');
  return `${line} ids=[${ids}]`;
}

function pathSegments(path: string): string[] {
  return path.split(/[/?&=]/).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}
