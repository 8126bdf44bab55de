/**
 * The public reads of releases (`docs/releases.md`): the list, newest first; a release's
 * descriptor; a file's bytes, whole or a range. Only a published run's release is served: a run
 * whose release was written but which then failed to publish (a newer run won) is not a release.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { NotFoundError } from '../errors.ts';
import { ulidPattern } from '../ids.ts';
import type { IndicatorRunStore } from '../indicator-runs/ports.ts';
import type { Page } from '../pagination.ts';
import {
  type ByteRange,
  isReleaseFileName,
  type ReleaseFileBytes,
  type ReleaseFileName,
  type ReleaseStore,
  releaseFileNames,
} from './ports.ts';

const runIdPattern = ulidPattern;

/** A release as `GET /releases` lists it. */
export interface ReleaseListing {
  readonly runId: string;
  readonly createdAt: string;
  /** The descriptor's path, and each file's. */
  readonly links: { readonly descriptor: string; readonly files: Readonly<Record<ReleaseFileName, string>> };
}

/**
 * The range a `Range` header asks for, when it asks for one range of bytes; anything else (several
 * ranges, another unit, a malformed header) is ignored and the whole file is served, as RFC 9110
 * §14.2 allows.
 */
export function parseByteRange(header: string | undefined): ByteRange | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') return Number(last) > 0 ? { kind: 'suffix', length: Number(last) } : undefined;
  const start = Number(first);
  if (last === '') return { kind: 'from', start };
  const end = Number(last);
  return end < start ? undefined : { kind: 'from', start, end };
}

/** What a file read answers: the bytes, or a signed link to fetch them from the store. */
export type ReleaseFileAnswer = ReleaseFileBytes | { readonly kind: 'link'; readonly url: string };

export interface ReleaseReaderOptions {
  /** The most bytes one response carries; a larger file (asked for whole) is answered with a link. */
  readonly maxResponseBytes: number;
  /** How long such a link works. */
  readonly linkSeconds: number;
}

export class ReleaseReader {
  constructor(
    private readonly store: ReleaseStore,
    private readonly runs: Pick<IndicatorRunStore, 'get'>,
    private readonly options: ReleaseReaderOptions,
  ) {}

  /** `GET /releases`: published runs' releases, newest first, a page at a time. */
  async list(limit: number, cursor?: string): Promise<Page<ReleaseListing>> {
    const fingerprint = listingFingerprint('releases', {});
    const after = cursor ? decodeCursor(fingerprint, cursor, (a) => runIdPattern.test(a)) : undefined;
    const { releases, more } = await this.store.list(limit, after);
    const published = await Promise.all(releases.map((release) => this.isPublished(release.runId)));
    const items = releases
      .filter((_, i) => published[i])
      .map((release) => ({
        ...release,
        links: {
          descriptor: `/releases/${release.runId}`,
          files: Object.fromEntries(
            releaseFileNames.map((name) => [name, `/releases/${release.runId}/${name}`]),
          ) as Record<ReleaseFileName, string>,
        },
      }));
    const last = releases.at(-1);
    return { items, nextCursor: more && last ? encodeCursor(fingerprint, last.runId) : null };
  }

  /**
   * `GET /releases/{runId}/{file}` (and the descriptor at `GET /releases/{runId}`).
   * @throws NotFoundError for an unknown or unpublished run, or a file no release has
   */
  async file(runId: string, file: string, range?: ByteRange): Promise<ReleaseFileAnswer> {
    if (!runIdPattern.test(runId) || !isReleaseFileName(file) || !(await this.isPublished(runId))) {
      throw new NotFoundError('No release with this run id and file');
    }
    const found = await this.store.file(runId, file, { range, maxBytes: this.options.maxResponseBytes });
    if (!found) throw new NotFoundError('No release with this run id and file');
    if (found.kind === 'bytes') return found;
    return { kind: 'link', url: await this.store.link(runId, file, this.options.linkSeconds) };
  }

  private async isPublished(runId: string): Promise<boolean> {
    return (await this.runs.get(runId))?.state === 'published';
  }
}
