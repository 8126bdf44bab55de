import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsServiceError } from '../../../shared/adapters/aws/signed-request.ts';
import {
  LambdaJobLauncher,
  lambdaClientFromEnvironment,
} from '../../../shared/adapters/lambda/job-launcher.ts';
import { DependencyUnavailableError } from '../../../shared/domain/errors.ts';
import { FakeAwsHttp, jsonOf } from '../../support/aws-http.ts';

const lambda = new FakeAwsHttp();
const launcher = () => new LambdaJobLauncher(lambdaClientFromEnvironment(), 'jucip-indicator-job');

beforeAll(() => lambda.install());
afterEach(() => lambda.reset());
afterAll(() => lambda.restore());

describe('LambdaJobLauncher', () => {
  it('invokes the job asynchronously with the run id', async () => {
    lambda.answer({ statusCode: 202 });

    await launcher().launch('01JD0000000000000000000000');

    expect(lambda.requests).toHaveLength(1);
    const [request] = lambda.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/2015-03-31/functions/jucip-indicator-job/invocations');
    expect(request?.headers['x-amz-invocation-type']).toBe('Event');
    expect(request && jsonOf(request)).toEqual({ trigger: 'manual', runId: '01JD0000000000000000000000' });
  });

  it('reports a throttled or failed invoke as the dependency being unavailable (503), with its cause', async () => {
    lambda.answer({
      statusCode: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: { Type: 'User', message: 'Rate exceeded' },
    });

    // No backoff between the attempts (up to 1 s and 2 s after throttling): they are counted, not timed.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);

    const failure = await launcher()
      .launch('01JD0000000000000000000000')
      .catch((error: unknown) => error);
    random.mockRestore();

    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    const cause = (failure as Error).cause;
    expect(cause).toBeInstanceOf(AwsServiceError);
    expect(cause).toMatchObject({ code: 'TooManyRequestsException', message: 'Rate exceeded' });
    // Retried as the SDK's client did (three attempts) before giving up.
    expect(lambda.requests).toHaveLength(3);
  });

  it('reports an invoke Lambda did not accept as the dependency being unavailable', async () => {
    // 200 answers a synchronous invoke: the job did not go to Lambda's queue.
    lambda.answer({ statusCode: 200, body: {} });

    await expect(launcher().launch('01JD0000000000000000000000')).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
  });
});
