/**
 * Launches the indicator job with an asynchronous Lambda invoke (`InvocationType: Event`). Locally,
 * `LAMBDA_ENDPOINT` points the client at the local runtime's Lambda invoke endpoint.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DependencyUnavailableError } from '../../domain/errors.ts';
import type { JobLauncher } from '../../domain/indicator-runs/manual.ts';

export class LambdaJobLauncher implements JobLauncher {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  /**
   * @throws DependencyUnavailableError (503) when Lambda does not take the invoke (throttled,
   * unreachable, or refused): the admin may try again; the cause is kept for the logs.
   */
  async launch(runId: string): Promise<void> {
    let status: number | undefined;
    try {
      const result = await this.client.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify({ trigger: 'manual', runId })),
        }),
      );
      status = result.StatusCode;
    } catch (error) {
      throw new DependencyUnavailableError('The indicator job could not be started', 30, { cause: error });
    }
    if (status !== 202)
      throw new DependencyUnavailableError(`The indicator job could not be started (status ${status})`, 30);
  }
}

/** A Lambda client for this environment. */
export function lambdaClientFromEnvironment(): LambdaClient {
  const endpoint = process.env.LAMBDA_ENDPOINT;
  return new LambdaClient(
    endpoint
      ? {
          endpoint,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 2,
        }
      : { maxAttempts: 3 },
  );
}
