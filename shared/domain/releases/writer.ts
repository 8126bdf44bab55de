/**
 * The release writer: turns a computed run into its release files (`docs/releases.md`) and stores
 * them, before the run is published. The CSV is the run's long table exactly as anonymous callers
 * get it from `GET /indicators?format=csv` (suppressed values empty), read from the run's stored
 * items a page at a time and gzip-compressed as it is written, so memory holds one page of items
 * and the compressed file, never the whole table as text.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { IndicatorRunStore } from '../indicator-runs/ports.ts';
import { served } from '../indicator-runs/reads.ts';
import type { IndicatorRun } from '../indicator-runs/run.ts';
import { indicatorTableColumns, indicatorTableRows } from '../indicators/table.ts';
import { type FileFacts, type ReleaseOptions, releaseDescriptor } from './descriptor.ts';
import { type ReleaseFileName, type ReleaseStore, releaseMediaTypes } from './ports.ts';
import { releaseReadme } from './readme.ts';

/**
 * Writes rows as CSV text, each row a record (the header is given as the first row). The API's CSV
 * writer, so that the release and `GET /indicators?format=csv` write every cell alike.
 */
export type CsvEncoder = (rows: ReadonlyArray<ReadonlyArray<unknown>>) => string;

export interface ReleaseWriterDeps {
  /** Where the run's items are read from (the run is not yet published when its release is written). */
  readonly runs: Pick<IndicatorRunStore, 'items'>;
  readonly store: ReleaseStore;
  readonly encodeCsv: CsvEncoder;
  readonly options: ReleaseOptions;
  /** Items read per page. */
  readonly pageItems?: number;
}

/** What a written release consists of. */
export interface WrittenRelease {
  readonly runId: string;
  readonly descriptor: Record<string, unknown>;
  readonly files: Readonly<Record<ReleaseFileName, FileFacts>>;
}

const factsOf = (bytes: Uint8Array): FileFacts => ({
  bytes: bytes.byteLength,
  sha256Hex: createHash('sha256').update(bytes).digest('hex'),
});

export class ReleaseWriter {
  constructor(private readonly deps: ReleaseWriterDeps) {}

  /**
   * Writes the release of a computed run: the CSV, the README, then the descriptor that states their
   * sizes and hashes, and only then lists the release. Called before the latest pointer moves; if it
   * throws, the run must not be published.
   */
  async write(run: IndicatorRun): Promise<WrittenRelease> {
    const csv = await this.compressedCsv(run.runId);
    const readme = new TextEncoder().encode(releaseReadme(run, this.deps.options.license));
    const files = { csv: factsOf(csv), readme: factsOf(readme) };
    const descriptor = releaseDescriptor(run, files, this.deps.options);
    const descriptorBytes = new TextEncoder().encode(`${JSON.stringify(descriptor, null, 2)}\n`);
    await this.put(run.runId, 'indicators.csv.gz', csv);
    await this.put(run.runId, 'README.md', readme);
    await this.put(run.runId, 'datapackage.json', descriptorBytes);
    await this.deps.store.register(run.runId);
    return {
      runId: run.runId,
      descriptor,
      files: {
        'indicators.csv.gz': files.csv,
        'README.md': files.readme,
        'datapackage.json': factsOf(descriptorBytes),
      },
    };
  }

  private put(runId: string, name: ReleaseFileName, body: Uint8Array): Promise<void> {
    return this.deps.store.putFile(runId, name, body, releaseMediaTypes[name]);
  }

  /** The run's long CSV, anonymous view, gzip-compressed. */
  private async compressedCsv(runId: string): Promise<Uint8Array> {
    const { runs, encodeCsv } = this.deps;
    const limit = this.deps.pageItems ?? 500;
    async function* text(): AsyncGenerator<string> {
      yield encodeCsv([indicatorTableColumns]);
      let after: string | undefined;
      do {
        const page = await runs.items(runId, { limit, after });
        const items = page.items.map((item) => served(item, 'public'));
        if (items.length > 0) yield encodeCsv(indicatorTableRows(runId, items));
        after = page.after;
      } while (after);
    }
    const chunks: Buffer[] = [];
    await pipeline(Readable.from(text()), createGzip(), async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) chunks.push(chunk);
    });
    return Buffer.concat(chunks);
  }
}
