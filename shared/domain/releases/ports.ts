/** What the release writer and the release reads need from the object store (`docs/releases.md`). */

/** The files of every release, in the order the writer writes them (the descriptor last). */
export const releaseFileNames = ['indicators.csv.gz', 'README.md', 'datapackage.json'] as const;
export type ReleaseFileName = (typeof releaseFileNames)[number];

/** The media type each file is stored and served with. */
export const releaseMediaTypes: Readonly<Record<ReleaseFileName, string>> = {
  'indicators.csv.gz': 'application/gzip',
  'README.md': 'text/markdown; charset=utf-8',
  'datapackage.json': 'application/json; charset=utf-8',
};

/** Whether a text names one of a release's files. */
export function isReleaseFileName(name: string): name is ReleaseFileName {
  return (releaseFileNames as readonly string[]).includes(name);
}

/** A release as listed: its run and when it was registered. */
export interface ReleaseSummary {
  readonly runId: string;
  readonly createdAt: string;
}

/** A single byte range, as `Range: bytes=…` asks for it. */
export type ByteRange =
  | { readonly kind: 'from'; readonly start: number; readonly end?: number }
  | { readonly kind: 'suffix'; readonly length: number };

/** A stored file's bytes (all of them, or the range asked for). */
export interface ReleaseFileBytes {
  readonly kind: 'bytes';
  readonly body: Uint8Array;
  /** The whole file's size. */
  readonly sizeBytes: number;
  readonly etag: string;
  readonly contentType: string;
  /** The bytes served, first and last (inclusive), when a range was asked for. */
  readonly range?: { readonly start: number; readonly end: number };
}

/** A file larger than a response may carry: the caller is sent to a signed link instead. */
export interface ReleaseFileTooLarge {
  readonly kind: 'too_large';
  readonly sizeBytes: number;
}

export interface ReleaseStore {
  /** Writes one file of a run's release (an earlier attempt's file of the same run is replaced). */
  putFile(runId: string, name: ReleaseFileName, body: Uint8Array, contentType: string): Promise<void>;
  /** Lists the release: called after its files are written, so that a listed release is complete. */
  register(runId: string): Promise<void>;
  /** Registered releases, newest run first, after the given run id. */
  list(limit: number, afterRunId?: string): Promise<{ releases: ReleaseSummary[]; more: boolean }>;
  /**
   * A file's bytes, or the range asked for; `too_large` when more than `maxBytes` would be returned.
   * @returns undefined when there is no such file
   * @throws RangeNotSatisfiableError when the range starts past the end of the file
   */
  file(
    runId: string,
    name: ReleaseFileName,
    options: { readonly range?: ByteRange | undefined; readonly maxBytes: number },
  ): Promise<ReleaseFileBytes | ReleaseFileTooLarge | undefined>;
  /** A time-limited link that downloads the file directly from the store. */
  link(runId: string, name: ReleaseFileName, expiresInSeconds: number): Promise<string>;
}
