import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaJobLauncher } from '../../../shared/adapters/lambda/job-launcher.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';

const lambda = mockClient(LambdaClient);
const launcher = () => new LambdaJobLauncher(new LambdaClient({ region: 'local' }), 'jucip-indicator-job');

afterEach(() => lambda.reset());

describe('LambdaJobLauncher', () => {
  it('invokes the job asynchronously with the run id', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    await launcher().launch('01JD0000000000000000000000');

    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'jucip-indicator-job', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual({
      trigger: 'manual',
      runId: '01JD0000000000000000000000',
    });
  });

  it('reports a throttled or failed invoke as the dependency being unavailable (503), with its cause', async () => {
    const throttled = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
    lambda.on(InvokeCommand).rejects(throttled);

    const failure = await launcher()
      .launch('01JD0000000000000000000000')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect((failure as Error).cause).toBe(throttled);
  });

  it('reports an invoke Lambda did not accept as the dependency being unavailable', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });

    await expect(launcher().launch('01JD0000000000000000000000')).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
  });
});
