import type {
  CancellationState,
  CancellationSummary,
  ProviderId,
  RequestSummary,
} from '@cancelq/contracts';
import { decodeCursor, encodeCursor, idOfMember, newestMembers } from './cancellation-index.ts';
import { outcomeKeys } from './keys.ts';
import {
  recordFromFields,
  requestSummaryOf,
  summaryJsonOf,
  SUMMARY_FIELDS,
} from './outcome-record.ts';
import type { RedisConnection } from './redis.ts';

/**
 * The most JSON a list page's entries may fill. A client asking for 500 gets fewer and a cursor
 * rather than an answer it must hold whole. Entries are well under 2 KB since they left out the
 * id arrays, so 500 fit; the budget keeps a page bounded whatever a request shape grows.
 */
export const LIST_PAGE_BUDGET_BYTES = 1024 * 1024;

/**
 * The most `request` JSON one list page may read, for records written before `request_summary`
 * was (they leave with retention): about 20 requests of 10,000 ids, read one at a time.
 */
const LEGACY_READ_BUDGET_BYTES = 8 * 1024 * 1024;

export interface ListQuery {
  provider?: ProviderId;
  state?: CancellationState;
  limit: number;
  cursor?: string;
  /**
   * Bytes of JSON the page's entries (the `cancellations` array) may fill; default
   * LIST_PAGE_BUDGET_BYTES. A page always lists one entry, or paging could never advance.
   */
  maxBytes?: number;
}

/** What list pages show of the outcome records: summaries, read from the indexes. */
export class ListPages {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = outcomeKeys(prefix);
  }

  /** The cancellation as a list page shows it: no targets, no id arrays. */
  async summary(id: string): Promise<CancellationSummary | null> {
    const fields = await this.summaryFields(id);
    const request = fields && (await this.requestSummary(id, fields));
    return fields && request ? recordFromFields(id, fields, request.summary) : null;
  }

  /**
   * Newest first. Each index is ordered by its members (`<created ms, padded>:<id>`), so a
   * cursor is exact even for cancellations created in the same millisecond. A state filter scans
   * on in bounded steps, because state is not indexed (it changes as targets resolve); a scan
   * reads only the small fields of each record, never `request`. A page ends at `limit`
   * entries, at its byte budget, or where the scan must stop, with a cursor to go on from.
   */
  async list(
    query: ListQuery,
  ): Promise<{ items: CancellationSummary[]; nextCursor: string | null }> {
    const indexes = query.provider
      ? [this.keys.providerIndex(query.provider)]
      : this.keys.providerIndexes;
    const maxBytes = query.maxBytes ?? LIST_PAGE_BUDGET_BYTES;
    const scanBound = query.limit * 20 + 1_000;
    const step = Math.max(query.limit, 50);
    const items: CancellationSummary[] = [];
    let bytes = 1; // `[`, `]` and a comma after every entry but the last
    let legacyBytes = 0;
    // The last index member this page has dealt with, listed or passed over.
    let last = query.cursor ? decodeCursor(query.cursor) : null;
    const page = (more: boolean) => ({
      items,
      nextCursor: more && last !== null ? encodeCursor(last) : null,
    });

    let scanned = 0;
    while (scanned < scanBound) {
      const count = Math.min(step, scanBound - scanned);
      const from = last === null ? '+' : `(${last}`;
      const { members, more } = await newestMembers(this.redis, indexes, from, count);
      scanned += members.length;
      const rows = await Promise.all(members.map((m) => this.summaryFields(idOfMember(m))));
      for (const [i, fields] of rows.entries()) {
        const member = members[i] as string;
        const id = idOfMember(member);
        const wanted = fields && (!query.state || fields.state === query.state);
        // One at a time: for an old record this reads its whole request.
        const request = wanted ? await this.requestSummary(id, fields) : null;
        if (!fields || !request) {
          last = member;
          continue;
        }
        const entry = recordFromFields(id, fields, request.summary);
        const size = Buffer.byteLength(JSON.stringify(entry)) + 1;
        // Over budget: this entry opens the next page. A page always lists one.
        if (items.length > 0 && bytes + size > maxBytes) return page(true);
        items.push(entry);
        bytes += size;
        legacyBytes += request.read;
        last = member;
        if (items.length === query.limit || legacyBytes >= LEGACY_READ_BUDGET_BYTES) {
          return page(true);
        }
      }
      // Fewer than asked for: the indexes end here, so no cursor (and no empty page to fetch).
      if (!more) return page(false);
    }
    // Scanned as far as one request may: hand back where to go on, even with a short page.
    return page(true);
  }

  /** A record's small fields (never `request`), or null once it has expired. */
  private async summaryFields(id: string): Promise<Record<string, string> | null> {
    const values = await this.redis.hmget(this.keys.record(id), ...SUMMARY_FIELDS);
    const fields: Record<string, string> = {};
    for (const [i, name] of SUMMARY_FIELDS.entries()) {
      const value = values[i];
      if (value !== null && value !== undefined) fields[name] = value;
    }
    return fields.provider ? fields : null;
  }

  /**
   * The request as a list shows it, and the bytes of `request` read for it: none, unless the
   * record predates `request_summary`. Null if the record expired in between.
   */
  private async requestSummary(
    id: string,
    fields: Record<string, string>,
  ): Promise<{ summary: RequestSummary; read: number } | null> {
    const summary = summaryJsonOf(fields);
    if (summary) return { summary: JSON.parse(summary) as RequestSummary, read: 0 };
    const raw = await this.redis.hget(this.keys.record(id), 'request');
    if (raw === null) return null;
    const request = JSON.parse(raw) as Record<string, unknown>;
    return { summary: requestSummaryOf(request), read: raw.length };
  }
}
