/**
 * A run's workspace in memory: what `runIndicatorJob` uses when no other is given (tests, and the
 * single-process path). Everything goes through JSON as it would through S3, so a partial that would
 * not survive storage fails here too.
 */
import type { ProjectRef, RunWorkspace, ShardPartial } from './ports.ts';

export class InMemoryRunWorkspace implements RunWorkspace {
  private readonly objects = new Map<string, string>();

  async putShard(runId: string, shard: number, refs: readonly ProjectRef[]): Promise<void> {
    this.objects.set(`${runId}/shards/${shard}`, refs.map((ref) => JSON.stringify(ref)).join('\n'));
  }

  async shard(runId: string, shard: number): Promise<ProjectRef[]> {
    const text = this.read(`${runId}/shards/${shard}`);
    return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as ProjectRef);
  }

  async putPartial(runId: string, partial: ShardPartial): Promise<void> {
    this.objects.set(`${runId}/partials/${partial.shard}`, JSON.stringify(partial));
  }

  async partial(runId: string, shard: number): Promise<ShardPartial> {
    return JSON.parse(this.read(`${runId}/partials/${shard}`)) as ShardPartial;
  }

  private read(key: string): string {
    const text = this.objects.get(key);
    if (text === undefined) throw new Error(`Nothing stored at ${key}`);
    return text;
  }
}
