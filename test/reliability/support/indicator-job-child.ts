/**
 * Runs the real indicator job handler once in its own process, for the reliability suite to kill
 * or to run several times at once. Usage: tsx indicator-job-child.ts <scheduledTime> [slow]
 * With `slow`, the first batch of run items is written, then the process prints `WRITING` and
 * stops there (a timer keeps it alive) until the parent SIGKILLs it: killed mid-run, whatever the
 * machine's load. Prints `RESULT <json>` at the end.
 */
import { localTableEnvironment } from '../../../infra/local/create-tables.ts';
import { localBucketEnvironment } from '../../../infra/local/s3-local.ts';

Object.assign(process.env, {
  ...localTableEnvironment(),
  // The runtime's S3-compatible server, where the job writes each run's release.
  ...localBucketEnvironment(process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9'),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  STAGE: 'local',
});

const [scheduledTime = new Date().toISOString(), mode] = process.argv.slice(2);
const { documentClient } = await import('../../../shared/adapters/dynamodb/document-client.ts');
const { handler } = await import('../../../functions/indicator-job/handler.ts');

if (mode === 'slow') {
  let announced = false;
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      // The document client shares its stack with the low-level client, whose command this is.
      if (context.commandName === 'BatchWriteItemCommand' || context.commandName === 'BatchWriteCommand') {
        if (!announced) {
          announced = true;
          await next(args);
          process.stdout.write('WRITING\n');
          await new Promise(() => setInterval(() => {}, 60_000));
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'reliabilitySlowWrites' },
  );
}

const { lambdaContext } = await import('../../../infra/local/gateway.ts');
const { functions } = await import('../../../shared/routes.ts');
const job = functions['indicator-job'];
const context = lambdaContext(job, crypto.randomUUID(), Date.now() + job.timeoutSeconds * 1000);
const result = await handler({ scheduledTime }, context);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
