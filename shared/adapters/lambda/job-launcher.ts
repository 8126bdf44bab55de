/**
 * Launches the indicator job with an asynchronous Lambda invoke (`InvocationType: Event`). Locally,
 * `LAMBDA_ENDPOINT` points the client at the local runtime's Lambda invoke endpoint.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { JobLauncher } from '../../domain/indicator-runs/manual.ts';

export class LambdaJobLauncher implements JobLauncher {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async launch(runId: string): Promise<void> {
    const result = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify({ trigger: 'manual', runId })),
      }),
    );
    if (result.StatusCode !== 202)
      throw new Error(`Lambda did not accept the job (status ${result.StatusCode})`);
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
