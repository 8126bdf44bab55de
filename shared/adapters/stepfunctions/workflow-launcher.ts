/**
 * Launches the indicator workflow (`docs/indicator-job.md`) for a manual run: a Step Functions
 * execution named after the run id, so that a repeated request for the same run starts nothing more
 * (Step Functions answers an execution of the same name and input with the one already started).
 * `StartExecution` is awsJson 1.0, signed by `AwsService` rather than sent by `@aws-sdk/client-sfn`
 * (`docs/aws-calls.md`).
 */
import { DependencyUnavailableError } from '../../domain/errors.ts';
import type { JobLauncher } from '../../domain/indicator-runs/manual.ts';
import type { BeginStepEvent } from '../../domain/indicator-runs/workflow.ts';
import { jsonRpcRequest } from '../aws/json-requests.ts';
import { AwsService } from '../aws/signed-request.ts';

/** The environment variable that names the indicator workflow's state machine (set in AWS only). */
export const workflowArnEnvVar = 'INDICATOR_WORKFLOW_ARN';

export class StepFunctionsJobLauncher implements JobLauncher {
  constructor(
    private readonly stepFunctions: AwsService,
    private readonly stateMachineArn: string,
  ) {}

  /** @throws DependencyUnavailableError (503) when Step Functions does not start the execution */
  async launch(runId: string): Promise<void> {
    const input: BeginStepEvent = { step: 'begin', trigger: 'manual', runId };
    try {
      await this.stepFunctions.send(
        jsonRpcRequest('1.0', 'AWSStepFunctions.StartExecution', {
          stateMachineArn: this.stateMachineArn,
          name: runId,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      throw new DependencyUnavailableError('The indicator job could not be started', 30, { cause: error });
    }
  }
}

/** Step Functions for this environment (endpoint `states.<region>.amazonaws.com`). */
export function sfnClientFromEnvironment(): AwsService {
  return new AwsService({ service: 'states', maxAttempts: 3 });
}
