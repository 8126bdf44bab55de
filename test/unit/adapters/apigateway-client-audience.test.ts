import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiGatewayClientAudience,
  apiGatewayClientFromEnvironment,
  audiencesPerAuthorizer,
} from '../../../shared/adapters/apigateway/client-audience.ts';
import { AwsServiceError } from '../../../shared/adapters/aws/signed-request.ts';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client.ts';
import { DynamoOrganisationRepository } from '../../../shared/adapters/dynamodb/organisations-table.ts';
import { FakeAwsHttp, jsonOf } from '../../support/aws-http.ts';

const apiGateway = new FakeAwsHttp();
const dynamo = mockClient(DynamoDBDocumentClient);
const authorizer = {
  apiId: 'api1',
  authorizerId: 'auth1',
  issuerUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool',
  webClientId: 'web-client',
};

function anAudience() {
  return new ApiGatewayClientAudience(apiGatewayClientFromEnvironment(), authorizer);
}

beforeAll(() => apiGateway.install());
afterAll(() => apiGateway.restore());
beforeEach(() => {
  apiGateway.reset();
  dynamo.reset();
});

describe('ApiGatewayClientAudience', () => {
  it('replaces the audience with the web client first and the machine clients sorted, keeping the issuer', async () => {
    apiGateway.answer({ statusCode: 200, body: { authorizerId: 'auth1' } });

    await anAudience().admit(['zeta', 'alpha', 'alpha', 'web-client']);

    const calls = apiGateway.requests;
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('PATCH');
    expect(calls[0]?.path).toBe('/v2/apis/api1/authorizers/auth1');
    expect(calls[0] && jsonOf(calls[0])).toEqual({
      jwtConfiguration: { audience: ['web-client', 'alpha', 'zeta'], issuer: authorizer.issuerUrl },
    });
  });

  it('admits no machine client by leaving the web client alone in the audience', async () => {
    apiGateway.answer({ statusCode: 200, body: { authorizerId: 'auth1' } });

    await anAudience().admit([]);

    expect(apiGateway.requests.map(jsonOf)).toEqual([
      { jwtConfiguration: { audience: ['web-client'], issuer: authorizer.issuerUrl } },
    ]);
  });

  it('holds API Gateway’s 50 audiences less the web client, and refuses more without calling it', async () => {
    const audience = anAudience();
    const tooMany = Array.from({ length: audiencesPerAuthorizer }, (_, i) => `client-${i}`);

    expect(audience.capacity).toBe(49);
    await expect(audience.admit(tooMany)).rejects.toThrow(/exceed the authorizer's 50 audiences/);
    expect(apiGateway.requests).toHaveLength(0);
  });

  it('passes API Gateway’s refusal on, for the service to retry or answer 503', async () => {
    apiGateway.answer({
      statusCode: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: { message: 'slow down' },
    });

    // No backoff between the attempts (up to 1 s and 2 s after throttling): they are counted, not timed.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);

    const failure = await anAudience()
      .admit(['alpha'])
      .catch((error: unknown) => error);
    random.mockRestore();

    expect(failure).toBeInstanceOf(AwsServiceError);
    expect(failure).toMatchObject({ code: 'TooManyRequestsException', message: 'slow down' });
  });
});

describe('DynamoOrganisationRepository.allClientIds', () => {
  const repository = new DynamoOrganisationRepository(createDocumentClient('http://127.0.0.1:9'), 'orgs');

  it('reads every page of client lookup items, strongly consistently', async () => {
    dynamo
      .on(ScanCommand)
      .resolvesOnce({
        Items: [{ pk: 'CLIENT#a' }, { pk: 'CLIENT#b' }],
        LastEvaluatedKey: { pk: 'CLIENT#b', sk: 'CLIENT' },
      })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'ORG#x', sk: 'ORG' } })
      .resolvesOnce({ Items: [{ pk: 'CLIENT#c' }] });

    expect(await repository.allClientIds()).toEqual(['a', 'b', 'c']);

    const inputs = dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(3);
    expect(inputs[0]).toEqual({
      TableName: 'orgs',
      ConsistentRead: true,
      FilterExpression: '#entity = :lookup',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: { ':lookup': 'machine_client_lookup' },
      ProjectionExpression: 'pk',
    });
    expect(inputs[1]?.ExclusiveStartKey).toEqual({ pk: 'CLIENT#b', sk: 'CLIENT' });
    expect(inputs[2]?.ExclusiveStartKey).toEqual({ pk: 'ORG#x', sk: 'ORG' });
  });
});
