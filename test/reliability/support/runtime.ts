/** The real local runtime as the reliability suite runs it: against its own DynamoDB Local. */
import { freePort } from '../../../infra/local/dynamodb-local.ts';
import { type LocalProcess, launchLocal } from '../../support/local-process.ts';

/**
 * Launches the local runtime on a free port against `dynamodbEndpoint`, with no sample data and a
 * daily schedule (the job runs once at start-up and not again while a test compares dumps). The
 * caller waits for its health and stops it.
 */
export async function launchRuntime(
  dynamodbEndpoint: string,
  stateDir: string,
): Promise<{ local: LocalProcess; baseUrl: string }> {
  const port = await freePort();
  const local = launchLocal({
    args: [
      '--no-sample-data',
      '--quiet',
      '--dynamodb-endpoint',
      dynamodbEndpoint,
      '--schedule',
      'rate(1 day)',
    ],
    env: { PORT: String(port), JUCIP_LOCAL_DIR: stateDir },
  });
  return { local, baseUrl: `http://127.0.0.1:${port}` };
}
