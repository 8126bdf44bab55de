import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../shared/adapters/aws/signed-request.ts';
import {
  StepFunctionsJobLauncher,
  sfnClientFromEnvironment,
} from '../../../shared/adapters/stepfunctions/workflow-launcher.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';
import { FakeAwsHttp, jsonOf, targetOf } from '../../support/aws-http.ts';

const sfn = new FakeAwsHttp();
const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:indicators';
const launcher = () => new StepFunctionsJobLauncher(sfnClientFromEnvironment(), machine);

beforeAll(() => sfn.install());
afterEach(() => sfn.reset());
afterAll(() => sfn.restore());

describe('StepFunctionsJobLauncher', () => {
  it('starts the indicator workflow for the run, with an execution named after the run id', async () => {
    sfn.answer({ statusCode: 200, body: { executionArn: `${machine}:x`, startDate: 1_796_000_000 } });

    await launcher().launch('01JD0000000000000000000000');

    expect(sfn.requests).toHaveLength(1);
    const [request] = sfn.requests;
    expect(request && targetOf(request)).toBe('StartExecution');
    const input = (request && jsonOf(request)) as { stateMachineArn: string; name: string; input: string };
    expect(input).toMatchObject({ stateMachineArn: machine, name: '01JD0000000000000000000000' });
    expect(JSON.parse(input.input)).toEqual({
      step: 'begin',
      trigger: 'manual',
      runId: '01JD0000000000000000000000',
    });
  });

  it('reports an execution Step Functions refused as the dependency being unavailable (503), with its cause', async () => {
    sfn.answer({
      statusCode: 400,
      body: {
        __type: 'com.amazonaws.swf.service.v2.model#ExecutionLimitExceeded',
        message: 'Too many executions',
      },
    });

    const failure = await launcher()
      .launch('01JD0000000000000000000000')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    const cause = (failure as Error).cause;
    expect(cause).toBeInstanceOf(AwsServiceError);
    expect(cause).toMatchObject({ code: 'ExecutionLimitExceeded', message: 'Too many executions' });
  });
});
