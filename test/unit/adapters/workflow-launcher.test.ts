import { ExecutionLimitExceeded, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { StepFunctionsJobLauncher } from '../../../shared/adapters/stepfunctions/workflow-launcher.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';

const sfn = mockClient(SFNClient);
const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:indicators';
const launcher = () => new StepFunctionsJobLauncher(new SFNClient({ region: 'local' }), machine);

afterEach(() => sfn.reset());

describe('StepFunctionsJobLauncher', () => {
  it('starts the indicator workflow for the run, with an execution named after the run id', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${machine}:x`, startDate: new Date() });

    await launcher().launch('01JD0000000000000000000000');

    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ stateMachineArn: machine, name: '01JD0000000000000000000000' });
    expect(JSON.parse(input?.input ?? '')).toEqual({
      step: 'begin',
      trigger: 'manual',
      runId: '01JD0000000000000000000000',
    });
  });

  it('reports an execution Step Functions refused as the dependency being unavailable (503), with its cause', async () => {
    const refused = new ExecutionLimitExceeded({ message: 'Too many executions', $metadata: {} });
    sfn.on(StartExecutionCommand).rejects(refused);

    const failure = await launcher()
      .launch('01JD0000000000000000000000')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect((failure as Error).cause).toBe(refused);
  });
});
