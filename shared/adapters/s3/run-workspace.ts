/**
 * The indicator job's workspace in S3 (`docs/indicator-job.md`): under
 * `<prefix><runId>/`, one JSON Lines object per shard (`shards/000042.jsonl`, one project reference a
 * line) and one JSON object per map step's partial result (`partials/000042.json`). Shard numbers
 * are zero-padded so that listing the shards (the workflow's Distributed Map reads them by listing
 * the prefix) gives them in shard order.
 */
import { text } from 'node:stream/consumers';
import type { ProjectRef, RunWorkspace, ShardPartial } from '../../domain/indicator-runs/ports.ts';
import { getObject, putObject, type S3Client } from './client.ts';

const shardDigits = 6;

/** The key of a run's shard object. */
export function shardKey(prefix: string, runId: string, shard: number): string {
  return `${prefix}${runId}/shards/${String(shard).padStart(shardDigits, '0')}.jsonl`;
}

/** The prefix under which a run's shard objects are listed. */
export function shardsPrefix(prefix: string, runId: string): string {
  return `${prefix}${runId}/shards/`;
}

/**
 * The shard number of a shard object's key (what the Distributed Map hands a map step).
 * @throws RangeError for a key that is not one of this run's shard objects
 */
export function shardOfKey(prefix: string, runId: string, key: string): number {
  const match = new RegExp(
    `^${shardsPrefix(prefix, runId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d{${shardDigits}})\\.jsonl$`,
  ).exec(key);
  if (!match) throw new RangeError(`Not a shard object of run ${runId}: ${key}`);
  return Number(match[1]);
}

export class S3RunWorkspace implements RunWorkspace {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async putShard(runId: string, shard: number, refs: readonly ProjectRef[]): Promise<void> {
    await this.put(
      shardKey(this.prefix, runId, shard),
      refs.map((ref) => JSON.stringify(ref)).join('\n'),
      'application/x-ndjson',
    );
  }

  async shard(runId: string, shard: number): Promise<ProjectRef[]> {
    const text = await this.get(shardKey(this.prefix, runId, shard));
    return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as ProjectRef);
  }

  async putPartial(runId: string, partial: ShardPartial): Promise<void> {
    await this.put(this.partialKey(runId, partial.shard), JSON.stringify(partial), 'application/json');
  }

  async partial(runId: string, shard: number): Promise<ShardPartial> {
    return JSON.parse(await this.get(this.partialKey(runId, shard))) as ShardPartial;
  }

  private partialKey(runId: string, shard: number): string {
    return `${this.prefix}${runId}/partials/${String(shard).padStart(shardDigits, '0')}.json`;
  }

  private async put(key: string, body: string, contentType: string): Promise<void> {
    await putObject(this.client, this.bucket, key, body, { contentType });
  }

  private async get(key: string): Promise<string> {
    const { body } = await getObject(this.client, this.bucket, key);
    return text(body);
  }
}
