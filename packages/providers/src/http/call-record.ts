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
  const ids =
    record.ids.length > 5
      ? `${record.ids.slice(0, 5).join(',')},… (${record.ids.length})`
      : record.ids.join(',');
  return `${record.method} ${record.path} → ${outcome} in ${record.latencyMs.toFixed(1)}ms ids=[${ids}]`;
}
