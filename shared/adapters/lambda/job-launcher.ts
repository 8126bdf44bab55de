/**
 * Launches a job with an asynchronous Lambda invoke (`InvocationType: Event`): Lambda's REST-JSON
 * `Invoke`, `POST /2015-03-31/functions/{FunctionName}/invocations`, signed by `AwsService` rather
 * than sent by `@aws-sdk/client-lambda`, whose schemas of every Lambda operation would weigh on
 * each cold start (`docs/aws-calls.md`). Locally, `LAMBDA_ENDPOINT` points it at the local
 * runtime's Lambda invoke endpoint.
 */
import { DependencyUnavailableError } from '../../domain/errors.ts';
import type { JobLauncher } from '../../domain/indicator-runs/manual.ts';
import { pathLabel } from '../aws/json-requests.ts';
import { AwsService } from '../aws/signed-request.ts';

export class LambdaJobLauncher implements JobLauncher {
  constructor(
    private readonly lambda: AwsService,
    private readonly functionName: string,
  ) {}

  /**
   * @throws DependencyUnavailableError (503) when Lambda does not take the invoke (throttled,
   * unreachable, or refused): the admin may try again; the cause is kept for the logs.
   */
  async launch(runId: string): Promise<void> {
    let status: number;
    try {
      const response = await this.lambda.send({
        method: 'POST',
        path: `/2015-03-31/functions/${pathLabel(this.functionName)}/invocations`,
        headers: { 'x-amz-invocation-type': 'Event', 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ trigger: 'manual', runId }),
      });
      status = response.statusCode;
    } catch (error) {
      throw new DependencyUnavailableError('The indicator job could not be started', 30, { cause: error });
    }
    if (status !== 202)
      throw new DependencyUnavailableError(`The indicator job could not be started (status ${status})`, 30);
  }
}

/** Lambda for this environment: the local runtime's endpoint when `LAMBDA_ENDPOINT` is set. */
export function lambdaClientFromEnvironment(): AwsService {
  const endpoint = process.env.LAMBDA_ENDPOINT;
  return new AwsService(
    endpoint
      ? {
          service: 'lambda',
          endpoint,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 2,
        }
      : { service: 'lambda', maxAttempts: 3 },
  );
}
