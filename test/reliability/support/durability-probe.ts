/**
 * A probe of DynamoDB Local itself, with the plain SDK and none of the tracker's code: writers
 * stream transactions (or single puts) into a persistent DynamoDB Local, which is SIGKILLed and
 * restarted; then every acknowledged item is read back. It shows that DynamoDB Local can lose a
 * transaction it acknowledged a few milliseconds before the kill (`docs/testing.md`), which is why
 * the crash-safety test allows exactly that window after a SIGKILL and nothing after a cut link.
 *
 * Run: `npx tsx test/reliability/support/durability-probe.ts [transact|put] [writers] [runs]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { freePort, startDynamoDbLocal } from '../../../infra/local/dynamodb-local.ts';

const mode = process.argv[2] === 'put' ? 'put' : 'transact';
const writers = Number(process.argv[3] ?? 4);
const runs = Number(process.argv[4] ?? 10);

async function probe(): Promise<{ acknowledged: number; lost: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jucip-durability-'));
  const port = await freePort();
  let database = await startDynamoDbLocal({ dataDir, port });
  const client = new DynamoDBClient({
    endpoint: database.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'probe', secretAccessKey: 'probe' },
    maxAttempts: 1,
  });
  for (const table of ['probe-items', 'probe-checks'])
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  const acknowledged: Array<{ key: string; at: number }> = [];
  let stop = false;
  const write = async (key: string) => {
    const item = { pk: { S: key }, sk: { S: 'ITEM' } };
    if (mode === 'put') return client.send(new PutItemCommand({ TableName: 'probe-items', Item: item }));
    // The shape of the tracker's creates: the item, its audit entry, a check on another table.
    return client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'probe-items', Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: 'probe-items', Item: { pk: { S: key }, sk: { S: 'AUDIT#1' } } } },
          {
            ConditionCheck: {
              TableName: 'probe-checks',
              Key: { pk: { S: 'org' }, sk: { S: 'org' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  };
  const writer = async (n: number) => {
    for (let i = 1; !stop; i += 1) {
      const key = `w${n}-${i}`;
      try {
        await write(key);
        acknowledged.push({ key, at: Date.now() });
      } catch {
        await sleep(50);
      }
    }
  };
  const streams = Promise.all(Array.from({ length: writers }, (_, n) => writer(n)));
  await sleep(2_000 + Math.random() * 1_000);
  const killedAt = Date.now();
  const killed = database;
  killed.process.kill('SIGKILL');
  await new Promise((resolve) => killed.process.once('exit', resolve));
  database = await startDynamoDbLocal({ dataDir, port });
  await sleep(1_000);
  stop = true;
  await streams;
  const lost: number[] = [];
  for (const { key, at } of acknowledged) {
    const read = await client.send(
      new GetItemCommand({
        TableName: 'probe-items',
        Key: { pk: { S: key }, sk: { S: 'ITEM' } },
        ConsistentRead: true,
      }),
    );
    if (!read.Item) lost.push(killedAt - at);
  }
  client.destroy();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { acknowledged: acknowledged.length, lost };
}

let runsWithLoss = 0;
for (let run = 1; run <= runs; run += 1) {
  const { acknowledged, lost } = await probe();
  if (lost.length > 0) runsWithLoss += 1;
  console.log(
    `run ${run}: ${acknowledged} ${mode} writes acknowledged, ${lost.length} lost` +
      (lost.length > 0 ? ` (acknowledged ${lost.join(', ')} ms before the kill)` : ''),
  );
}
console.log(`${mode}, ${writers} writers: ${runsWithLoss} of ${runs} runs lost an acknowledged write`);
