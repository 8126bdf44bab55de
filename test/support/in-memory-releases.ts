/** An in-memory release store for domain tests, with a switch to make writes fail. */
import { createHash } from 'node:crypto';
import { RangeNotSatisfiableError } from '../../shared/domain/errors.ts';
import type { IndicatorRunStore } from '../../shared/domain/indicator-runs/ports.ts';
import { releaseLicense } from '../../shared/domain/releases/descriptor.ts';
import type {
  ByteRange,
  ReleaseFileBytes,
  ReleaseFileName,
  ReleaseFileTooLarge,
  ReleaseStore,
  ReleaseSummary,
} from '../../shared/domain/releases/ports.ts';
import { ReleaseWriter } from '../../shared/domain/releases/writer.ts';
import { csvRecords } from '../../shared/http/csv.ts';

interface StoredFile {
  readonly body: Uint8Array;
  readonly contentType: string;
}

export class InMemoryReleaseStore implements ReleaseStore {
  readonly files = new Map<string, StoredFile>();
  readonly registered = new Map<string, string>();
  /** When set, every write throws this error. */
  failWith: Error | undefined;

  async putFile(runId: string, name: ReleaseFileName, body: Uint8Array, contentType: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.files.set(`${runId}/${name}`, { body: new Uint8Array(body), contentType });
  }

  async register(runId: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.registered.set(runId, new Date().toISOString());
  }

  async list(limit: number, afterRunId?: string): Promise<{ releases: ReleaseSummary[]; more: boolean }> {
    const all = [...this.registered.entries()]
      .map(([runId, createdAt]) => ({ runId, createdAt }))
      .sort((a, b) => (a.runId < b.runId ? 1 : -1))
      .filter((release) => afterRunId === undefined || release.runId < afterRunId);
    return { releases: all.slice(0, limit), more: all.length > limit };
  }

  async file(
    runId: string,
    name: ReleaseFileName,
    options: { readonly range?: ByteRange | undefined; readonly maxBytes: number },
  ): Promise<ReleaseFileBytes | ReleaseFileTooLarge | undefined> {
    const stored = this.files.get(`${runId}/${name}`);
    if (!stored) return undefined;
    const size = stored.body.byteLength;
    let start = 0;
    let end = size - 1;
    if (options.range?.kind === 'from') {
      if (options.range.start >= size) throw new RangeNotSatisfiableError(size);
      start = options.range.start;
      end = Math.min(options.range.end ?? size - 1, size - 1);
    } else if (options.range?.kind === 'suffix') {
      start = Math.max(0, size - options.range.length);
    }
    if (end - start + 1 > options.maxBytes) return { kind: 'too_large', sizeBytes: size };
    return {
      kind: 'bytes',
      body: stored.body.subarray(start, end + 1),
      sizeBytes: size,
      etag: `"${createHash('md5').update(stored.body).digest('hex')}"`,
      contentType: stored.contentType,
      ...(options.range ? { range: { start, end } } : {}),
    };
  }

  async link(runId: string, name: ReleaseFileName): Promise<string> {
    return `memory://${runId}/${name}`;
  }
}

/** A release writer over a run store and an in-memory release store, as the job uses it. */
export function inMemoryReleaseWriter(
  runs: Pick<IndicatorRunStore, 'items'>,
  store: ReleaseStore = new InMemoryReleaseStore(),
): ReleaseWriter {
  return new ReleaseWriter({ runs, store, encodeCsv: csvRecords, options: { license: releaseLicense() } });
}
