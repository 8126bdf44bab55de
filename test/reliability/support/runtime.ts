/** The real local runtime as the reliability suite runs it: against its own DynamoDB Local. */
import { freePort } from '../../../infra/local/dynamodb-local.ts';
import { type LocalProcess, launchLocal } from '../../support/local-process.ts';

/**
 * Launches the local runtime on a free port against `dynamodbEndpoint`, with no sample data and a
 * daily schedule (the job runs once at start-up and not again while a test compares dumps), and its
 * S3-compatible server on a known port. The caller waits for its health and stops it.
 */
export async function launchRuntime(
  dynamodbEndpoint: string,
  stateDir: string,
): Promise<{ local: LocalProcess; baseUrl: string; s3Endpoint: string }> {
  const port = await freePort();
  // A known port for the S3-compatible server: job processes the suite starts write releases there.
  const s3Port = await freePort();
  const local = launchLocal({
    args: [
      '--no-sample-data',
      '--quiet',
      '--dynamodb-endpoint',
      dynamodbEndpoint,
      '--schedule',
      'rate(1 day)',
    ],
    env: { PORT: String(port), S3_PORT: String(s3Port), JUCIP_LOCAL_DIR: stateDir },
  });
  return { local, baseUrl: `http://127.0.0.1:${port}`, s3Endpoint: `http://127.0.0.1:${s3Port}` };
}
