/**
 * Every AWS call the tracker makes without a service client, held against that client
 * (`docs/aws-calls.md`). Each port call is made twice with the same credentials, region and
 * signing time: by the adapter as it was (over `@aws-sdk/client-*`, configured as the product
 * configured it, its requests recorded by its `requestHandler`) and by the adapter as it is (over
 * `AwsService`, wired as the product wires it, its requests recorded at the Node HTTP handler).
 * Both must put the same request on the wire, signed alike, and turn the same canned answers
 * (success and each error the callers meet) into the same outcome after as many attempts.
 */
import {
  ApiGatewayV2Client,
  type ApiGatewayV2ClientConfig,
  UpdateAuthorizerCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  InvokeCommand,
  LambdaClient,
  type LambdaClientConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-lambda';
import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SFNClient, type SFNClientConfig, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { HttpHandler } from '@smithy/core/protocols';
import type { HttpRequest } from '@smithy/core/transport';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ApiGatewayClientAudience,
  apiGatewayClientFromEnvironment,
  type JwtAuthorizerRef,
} from '../../../../shared/adapters/apigateway/client-audience.ts';
import {
  CognitoClientCredentialsIssuer,
  cognitoClientFromEnvironment,
  machineAccessTokenMinutes,
} from '../../../../shared/adapters/cognito/client-credentials.ts';
import { toDependencyError } from '../../../../shared/adapters/dynamodb/errors.ts';
import {
  LambdaJobLauncher,
  lambdaClientFromEnvironment,
} from '../../../../shared/adapters/lambda/job-launcher.ts';
import { configuredMailer } from '../../../../shared/adapters/mail/mailer.ts';
import { mailbox } from '../../../../shared/adapters/mail/mime.ts';
import {
  StepFunctionsJobLauncher,
  sfnClientFromEnvironment,
} from '../../../../shared/adapters/stepfunctions/workflow-launcher.ts';
import { mailEnvironment } from '../../../../shared/config/env.ts';
import { DependencyUnavailableError } from '../../../../shared/domain/errors.ts';
import type { BeginStepEvent } from '../../../../shared/domain/indicator-runs/workflow.ts';
import type { OutgoingMail } from '../../../../shared/domain/notifications/ports.ts';
import type { Scope } from '../../../../shared/domain/scopes.ts';
import {
  type CannedResponse,
  FakeAwsHttp,
  httpResponse,
  type SentRequest,
  sentRequest,
} from '../../../support/aws-http.ts';

/** The local runtime's Lambda endpoint as `LAMBDA_ENDPOINT` names it (never listened on: answered here). */
const localLambdaEndpoint = 'http://127.0.0.1:39171';

/** As a Lambda function has them: temporary credentials with a session token. */
const environment = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE//session+token=',
  [mailEnvironment.from]: 'JUCIP tracker <notifications@jucip.example>',
  [mailEnvironment.sesIdentityArn]: 'arn:aws:ses:eu-west-1:123456789012:identity/jucip.example',
};
const signingTime = new Date('2026-12-03T09:30:15.000Z');

/**
 * Headers the SDK adds that the adapters leave out; the service reads none of them to perform the
 * operation: `user-agent` and `x-amz-user-agent` name the SDK's version and features for AWS's
 * usage statistics; `amz-sdk-invocation-id` (one id for every attempt of a call) and
 * `amz-sdk-request` (`attempt=1; max=3`) describe the SDK's retries for client-side metrics. The
 * SDK's requests have them removed just before signing, so that what remains, the signature
 * included, must be identical.
 */
const bookkeepingHeaders = ['amz-sdk-invocation-id', 'amz-sdk-request', 'user-agent', 'x-amz-user-agent'];

/** A recording of one side's attempts. */
interface Recording {
  readonly sent: SentRequest[];
  /** The SDK's header names just before signing, per attempt (SDK side only). */
  readonly unsignedHeaderNames: string[][];
}

/** A failure below HTTP: a Node network error code, or the HTTP handler's `TimeoutError`. */
interface NetworkFault {
  readonly fault: string;
}
type Answer = CannedResponse | NetworkFault;

/** The response, or the fault thrown as the Node HTTP handler throws it. */
function responseTo(answer: Answer): CannedResponse {
  if (!('fault' in answer)) return answer;
  if (answer.fault === 'TimeoutError') {
    throw Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
  }
  throw Object.assign(new Error(`connect ${answer.fault} 203.0.113.7:443`), { code: answer.fault });
}

/** The SDK client's configuration as the product had it, plus a handler answering from `answer`. */
function sdkConfig(recording: Recording, answer: Answer) {
  const requestHandler: HttpHandler = {
    handle: async (request: HttpRequest) => {
      recording.sent.push(sentRequest(request));
      return httpResponse(responseTo(answer));
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
  return { requestHandler };
}

/** Removes the bookkeeping headers from the SDK's requests before they are signed, noting what was there. */
function withoutBookkeeping<C>(client: C, recording: Recording): C {
  // Every client's stack takes the same middleware; the Lambda client's type stands for them all.
  const { middlewareStack } = client as unknown as Pick<LambdaClient, 'middlewareStack'>;
  const dropBookkeeping: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next) => async (args) => {
      const request = args.request as HttpRequest;
      recording.unsignedHeaderNames.push(Object.keys(request.headers).map((name) => name.toLowerCase()));
      for (const name of Object.keys(request.headers)) {
        if (bookkeepingHeaders.includes(name.toLowerCase())) delete request.headers[name];
      }
      return next(args);
    };
  middlewareStack.addRelativeTo(dropBookkeeping, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'withoutBookkeeping',
  });
  return client;
}

/** The Cognito client as the adapter replaced it: three attempts, recorded and answered by the test. */
function cognitoViaSdk(recording: Recording, answer: Answer): CognitoIdentityProviderClient {
  return withoutBookkeeping(
    new CognitoIdentityProviderClient({
      ...sdkConfig(recording, answer),
      maxAttempts: 3,
    } satisfies CognitoIdentityProviderClientConfig),
    recording,
  );
}

/** What a caller of the port gets: a value, or an error as far as callers and the HTTP layer tell errors apart. */
type Outcome = { readonly value: unknown } | { readonly error: unknown };

function described(error: unknown): unknown {
  if (error instanceof DependencyUnavailableError) {
    return {
      class: 'DependencyUnavailableError',
      message: error.message,
      retryAfterSeconds: error.retryAfterSeconds,
      cause: error.cause === undefined ? undefined : described(error.cause),
    };
  }
  const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number } };
  // An error answer without an error code is `Unknown` to the SDK and `Http<status>` to
  // `AwsService`; no caller reads the name of such an error, and its status is kept alike.
  const unnamed = name === 'Unknown' || /^Http\d{3}$/.test(name);
  return {
    name: unnamed ? '(no error code)' : name,
    message: unnamed ? '(no error code)' : message,
    status: $metadata?.httpStatusCode,
    // What `shared/http/middleware/problem-details.ts` makes of it: 503 for "not now", else 500.
    answeredAs: toDependencyError(error) instanceof DependencyUnavailableError ? 503 : 500,
  };
}

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error: described(error) };
  }
}

/** One port call the tracker makes, both ways. */
interface Operation {
  readonly name: string;
  /** The endpoint's host and the credential scope the signature names. */
  readonly host: string;
  readonly scope: string;
  /** The call as the adapter made it over the SDK's client (before this change). */
  readonly viaSdk: (recording: Recording, answer: Answer) => Promise<unknown>;
  /** The call through today's adapter, wired as the product wires it. */
  readonly viaAdapter: () => Promise<unknown>;
  readonly success: CannedResponse;
  /** The attempts the client makes at most. */
  readonly maxAttempts: number;
  /** The answers the callers meet, with the attempts each takes and what the caller must get. */
  readonly answers: readonly Case[];
}

interface Case {
  readonly name: string;
  readonly response: Answer;
  readonly attempts: number;
  readonly outcome: (outcome: Outcome) => void;
}

/**
 * Failures any call may meet on the way, whichever service: those the SDK retries (network errors,
 * timeouts, 500/502/503/504) and a 5xx it does not (501).
 */
function transportCases(maxAttempts: number): Case[] {
  const failed = (outcome: Outcome) => expect(outcome).toHaveProperty('error');
  return [
    ...['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError'].map((fault) => ({
      name: fault,
      response: { fault },
      attempts: maxAttempts,
      outcome: failed,
    })),
    ...[502, 504].map((statusCode) => ({
      name: `${statusCode} without an error body`,
      response: { statusCode, body: '' },
      attempts: maxAttempts,
      outcome: failed,
    })),
    {
      name: '501 NotImplemented',
      response: {
        statusCode: 501,
        headers: { 'x-amzn-errortype': 'NotImplemented' },
        body: { message: 'No' },
      },
      attempts: 1,
      outcome: failed,
    },
  ];
}

const runId = '01JD0000000000000000000000';
const lambdaArn = 'arn:aws:lambda:eu-west-1:123456789012:function:jucip-prod-indicator-job';
const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:jucip-prod-indicators';
const userPoolId = 'eu-west-1_AbCdEf123';
const authorizer: JwtAuthorizerRef = {
  apiId: 'a1b2c3d4e5',
  authorizerId: 'x9y8z7',
  issuerUrl: `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`,
  webClientId: 'webclient0123456789abcdefgh',
};
const mail: OutgoingMail = {
  to: { address: 'tanaka@example.jp', name: '田中 "Taka" 太郎' },
  subject: '【JUCIP】プロジェクト「太陽光 & 蓄電」が公開されました',
  text: 'Line 1\nLine 2 — “quoted” \u2028 separator, tab\tand emoji 🌞',
  html: '<p>Project <a href="https://tracker.example/projects/p-1?lang=ja&amp;x=1">太陽光</a></p>',
  eventId: '01JD0000000000000000000001',
};
const scopes: Scope[] = ['tracker/read', 'tracker/metrics.write'];

const restError = (statusCode: number, code: string, message: string): CannedResponse => ({
  statusCode,
  headers: { 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.example/` },
  body: { message },
});
const jsonError = (namespace: string, code: string, message: string): CannedResponse => ({
  statusCode: 400,
  body: { __type: `${namespace}#${code}`, message },
});
const cognitoError = (code: string, message: string, statusCode = 400): CannedResponse => ({
  ...jsonError('com.amazonaws.cognito.identity.idp.model', code, message),
  statusCode,
});
const sfnError = (code: string, message: string) =>
  jsonError('com.amazonaws.swf.service.v2.model', code, message);

const isDependencyUnavailable = (outcome: Outcome) =>
  expect(outcome).toMatchObject({ error: { class: 'DependencyUnavailableError' } });
const isError = (name: string, answeredAs: 500 | 503) => (outcome: Outcome) =>
  expect(outcome).toMatchObject({ error: { name, answeredAs } });

// The adapters as they were, over the SDK's clients.

async function launchOverSdkLambda(client: LambdaClient, functionName: string): Promise<void> {
  let status: number | undefined;
  try {
    const result = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
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

function lambdaOperation(name: string, local: boolean): Operation {
  const functionName = local ? 'jucip-local-indicator-job' : lambdaArn;
  const sdkConfigOf = (base: ReturnType<typeof sdkConfig>): LambdaClientConfig =>
    local
      ? {
          ...base,
          endpoint: localLambdaEndpoint,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 2,
        }
      : { ...base, maxAttempts: 3 };
  const attempts = local ? 2 : 3;
  return {
    name,
    maxAttempts: attempts,
    host: local ? '127.0.0.1' : 'lambda.eu-west-1.amazonaws.com',
    scope: local ? 'local/lambda' : 'eu-west-1/lambda',
    viaSdk: (recording, answer) =>
      launchOverSdkLambda(
        withoutBookkeeping(new LambdaClient(sdkConfigOf(sdkConfig(recording, answer))), recording),
        functionName,
      ),
    viaAdapter: () => new LambdaJobLauncher(lambdaClientFromEnvironment(), functionName).launch(runId),
    success: { statusCode: 202, headers: { 'x-amzn-requestid': 'req-1' } },
    answers: [
      {
        name: 'a synchronous answer (200)',
        response: { statusCode: 200, body: 'null' },
        attempts: 1,
        outcome: isDependencyUnavailable,
      },
      {
        name: 'TooManyRequestsException (429)',
        response: restError(429, 'TooManyRequestsException', 'Rate exceeded'),
        attempts,
        outcome: isDependencyUnavailable,
      },
      {
        name: 'ResourceNotFoundException (404)',
        response: restError(404, 'ResourceNotFoundException', 'Function not found'),
        attempts: 1,
        outcome: isDependencyUnavailable,
      },
      {
        name: 'ServiceException (500)',
        response: restError(500, 'ServiceException', 'Internal error'),
        attempts,
        outcome: isDependencyUnavailable,
      },
    ],
  };
}

const operations: Operation[] = [
  lambdaOperation('Lambda Invoke (LambdaJobLauncher)', false),
  lambdaOperation('Lambda Invoke on the local runtime (LAMBDA_ENDPOINT)', true),
  {
    name: 'Step Functions StartExecution (StepFunctionsJobLauncher)',
    host: 'states.eu-west-1.amazonaws.com',
    maxAttempts: 3,
    scope: 'eu-west-1/states',
    viaSdk: async (recording, answer) => {
      const client = withoutBookkeeping(
        new SFNClient({ ...sdkConfig(recording, answer), maxAttempts: 3 } satisfies SFNClientConfig),
        recording,
      );
      const input: BeginStepEvent = { step: 'begin', trigger: 'manual', runId };
      try {
        await client.send(
          new StartExecutionCommand({ stateMachineArn, name: runId, input: JSON.stringify(input) }),
        );
      } catch (error) {
        throw new DependencyUnavailableError('The indicator job could not be started', 30, { cause: error });
      }
    },
    viaAdapter: () => new StepFunctionsJobLauncher(sfnClientFromEnvironment(), stateMachineArn).launch(runId),
    success: { statusCode: 200, body: { executionArn: `${stateMachineArn}:${runId}`, startDate: 1.796e9 } },
    answers: [
      {
        name: 'ExecutionAlreadyExists (same name, other input)',
        response: sfnError('ExecutionAlreadyExists', 'Execution Already Exists'),
        attempts: 1,
        outcome: isDependencyUnavailable,
      },
      {
        name: 'ExecutionLimitExceeded',
        response: sfnError('ExecutionLimitExceeded', 'Too many executions'),
        attempts: 1,
        outcome: isDependencyUnavailable,
      },
      {
        name: 'ThrottlingException',
        response: sfnError('ThrottlingException', 'Rate exceeded'),
        attempts: 3,
        outcome: isDependencyUnavailable,
      },
      {
        name: 'StateMachineDoesNotExist',
        response: sfnError('StateMachineDoesNotExist', 'State Machine Does Not Exist'),
        attempts: 1,
        outcome: isDependencyUnavailable,
      },
    ],
  },
  {
    name: 'SES v2 SendEmail (SesMailer)',
    host: 'email.eu-west-1.amazonaws.com',
    maxAttempts: 3,
    scope: 'eu-west-1/ses',
    viaSdk: async (recording, answer) => {
      const client = withoutBookkeeping(
        new SESv2Client({ ...sdkConfig(recording, answer), maxAttempts: 3 } satisfies SESv2ClientConfig),
        recording,
      );
      const { MessageId } = await client.send(
        new SendEmailCommand({
          FromEmailAddress: environment[mailEnvironment.from],
          FromEmailAddressIdentityArn: environment[mailEnvironment.sesIdentityArn],
          Destination: { ToAddresses: [mailbox(mail.to.address, mail.to.name)] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
              Headers: [{ Name: 'X-JUCIP-Event-Id', Value: mail.eventId }],
            },
          },
          EmailTags: [{ Name: 'event', Value: mail.eventId }],
        }),
      );
      return MessageId ?? '';
    },
    viaAdapter: async () => configuredMailer()?.send(mail),
    success: { statusCode: 200, body: { MessageId: '0102018f-example-000000' } },
    answers: [
      {
        name: 'MessageRejected',
        response: restError(400, 'MessageRejected', 'Email address is not verified.'),
        attempts: 1,
        outcome: isError('MessageRejected', 500),
      },
      {
        name: 'TooManyRequestsException (429)',
        response: restError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.'),
        attempts: 3,
        outcome: isError('TooManyRequestsException', 500),
      },
      {
        name: 'LimitExceededException',
        response: restError(400, 'LimitExceededException', 'Daily message quota exceeded.'),
        attempts: 3,
        outcome: isError('LimitExceededException', 500),
      },
      {
        name: 'SendingPausedException',
        response: restError(400, 'SendingPausedException', 'Sending paused for this account.'),
        attempts: 1,
        outcome: isError('SendingPausedException', 500),
      },
      {
        name: 'InternalFailure (500)',
        response: restError(500, 'InternalFailure', 'Internal failure'),
        attempts: 3,
        outcome: isError('InternalFailure', 503),
      },
    ],
  },
  {
    name: 'Cognito CreateUserPoolClient (CognitoClientCredentialsIssuer.register)',
    host: 'cognito-idp.eu-west-1.amazonaws.com',
    maxAttempts: 3,
    scope: 'eu-west-1/cognito-idp',
    viaSdk: async (recording, answer) => {
      const cognito = cognitoViaSdk(recording, answer);
      const { UserPoolClient: created } = await cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: 'org-a ERP-export -1',
          GenerateSecret: true,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: [...scopes],
          ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
          AccessTokenValidity: machineAccessTokenMinutes,
          TokenValidityUnits: { AccessToken: 'minutes' },
          PreventUserExistenceErrors: 'ENABLED',
          EnableTokenRevocation: true,
        }),
      );
      if (!created?.ClientId || !created.ClientSecret) {
        throw new Error('Cognito created an app client without an id or secret');
      }
      return { clientId: created.ClientId, clientSecret: created.ClientSecret };
    },
    viaAdapter: () =>
      new CognitoClientCredentialsIssuer(cognitoClientFromEnvironment(), userPoolId, 'https://t').register(
        'org-a ERP/export #1',
        scopes,
      ),
    success: {
      statusCode: 200,
      body: {
        UserPoolClient: {
          UserPoolId: userPoolId,
          ClientName: 'org-a ERP-export -1',
          ClientId: '4example0clientid0000000000',
          ClientSecret: 'secret0example0000000000000000000000000000000000000',
          LastModifiedDate: 1.796e9,
          CreationDate: 1.796e9,
          AccessTokenValidity: 15,
          TokenValidityUnits: { AccessToken: 'minutes' },
        },
      },
    },
    answers: [
      {
        name: 'an app client without a secret',
        response: { statusCode: 200, body: { UserPoolClient: { ClientId: 'abc' } } },
        attempts: 1,
        outcome: (outcome) =>
          expect(outcome).toMatchObject({
            error: { message: expect.stringMatching(/without an id or secret/) },
          }),
      },
      {
        name: 'TooManyRequestsException',
        response: cognitoError('TooManyRequestsException', 'Too many requests'),
        attempts: 3,
        outcome: isError('TooManyRequestsException', 500),
      },
      {
        name: 'LimitExceededException (app clients per pool)',
        response: cognitoError('LimitExceededException', 'Limit exceeded'),
        attempts: 3,
        outcome: isError('LimitExceededException', 500),
      },
      {
        name: 'InvalidParameterException',
        response: cognitoError('InvalidParameterException', 'Invalid scope'),
        attempts: 1,
        outcome: isError('InvalidParameterException', 500),
      },
      {
        name: 'InternalErrorException (500)',
        response: cognitoError('InternalErrorException', 'Internal error', 500),
        attempts: 3,
        outcome: isError('InternalErrorException', 503),
      },
    ],
  },
  {
    name: 'Cognito DeleteUserPoolClient (CognitoClientCredentialsIssuer.deregister)',
    host: 'cognito-idp.eu-west-1.amazonaws.com',
    maxAttempts: 3,
    scope: 'eu-west-1/cognito-idp',
    viaSdk: async (recording, answer) => {
      const cognito = cognitoViaSdk(recording, answer);
      try {
        await cognito.send(
          new DeleteUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientId: '4example0clientid0000000000',
          }),
        );
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
    viaAdapter: () =>
      new CognitoClientCredentialsIssuer(cognitoClientFromEnvironment(), userPoolId, 'https://t').deregister(
        '4example0clientid0000000000',
      ),
    success: { statusCode: 200, body: '' },
    answers: [
      {
        name: 'ResourceNotFoundException (already gone: deleted)',
        response: cognitoError('ResourceNotFoundException', 'User pool client does not exist.'),
        attempts: 1,
        outcome: (outcome) => expect(outcome).toEqual({ value: undefined }),
      },
      {
        name: 'NotAuthorizedException',
        response: cognitoError('NotAuthorizedException', 'Not authorized'),
        attempts: 1,
        outcome: isError('NotAuthorizedException', 500),
      },
      {
        name: 'TooManyRequestsException',
        response: cognitoError('TooManyRequestsException', 'Too many requests'),
        attempts: 3,
        outcome: isError('TooManyRequestsException', 500),
      },
    ],
  },
  {
    name: 'API Gateway v2 UpdateAuthorizer (ApiGatewayClientAudience.admit)',
    host: 'apigateway.eu-west-1.amazonaws.com',
    maxAttempts: 3,
    scope: 'eu-west-1/apigateway',
    viaSdk: async (recording, answer) => {
      const apiGateway = withoutBookkeeping(
        new ApiGatewayV2Client({
          ...sdkConfig(recording, answer),
          maxAttempts: 3,
        } satisfies ApiGatewayV2ClientConfig),
        recording,
      );
      await apiGateway.send(
        new UpdateAuthorizerCommand({
          ApiId: authorizer.apiId,
          AuthorizerId: authorizer.authorizerId,
          JwtConfiguration: {
            Audience: [authorizer.webClientId, 'alpha0client', 'zeta0client'],
            Issuer: authorizer.issuerUrl,
          },
        }),
      );
    },
    viaAdapter: () =>
      new ApiGatewayClientAudience(apiGatewayClientFromEnvironment(), authorizer).admit([
        'zeta0client',
        'alpha0client',
        authorizer.webClientId,
      ]),
    success: {
      statusCode: 200,
      body: { authorizerId: authorizer.authorizerId, authorizerType: 'JWT', name: 'jwt' },
    },
    answers: [
      {
        name: 'TooManyRequestsException (429)',
        response: restError(429, 'TooManyRequestsException', 'Too Many Requests'),
        attempts: 3,
        outcome: isError('TooManyRequestsException', 500),
      },
      {
        name: 'NotFoundException (404)',
        response: restError(404, 'NotFoundException', 'Invalid Authorizer identifier specified'),
        attempts: 1,
        outcome: isError('NotFoundException', 500),
      },
      {
        name: 'BadRequestException (400)',
        response: restError(400, 'BadRequestException', 'Audience limit reached'),
        attempts: 1,
        outcome: isError('BadRequestException', 500),
      },
      {
        name: 'ServiceUnavailableException (503)',
        response: restError(503, 'ServiceUnavailableException', 'Service unavailable'),
        attempts: 3,
        outcome: isError('ServiceUnavailableException', 503),
      },
    ],
  },
];

const adapterHttp = new FakeAwsHttp(
  (request) =>
    request.hostname.endsWith('.amazonaws.com') || request.port === Number(new URL(localLambdaEndpoint).port),
);

beforeAll(() => {
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  adapterHttp.install();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(signingTime);
  // No backoff between attempts on either side: the attempts are counted, not timed.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => {
  adapterHttp.reset();
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  adapterHttp.restore();
  vi.unstubAllEnvs();
});

/** Both sides of one call against the same canned answer. */
async function bothWays(operation: Operation, answer: Answer, local = false) {
  if (local) vi.stubEnv('LAMBDA_ENDPOINT', localLambdaEndpoint);
  const sdk: Recording = { sent: [], unsignedHeaderNames: [] };
  const sdkOutcome = await outcomeOf(() => operation.viaSdk(sdk, answer));
  adapterHttp.reset();
  adapterHttp.answer(() => responseTo(answer));
  const adapterOutcome = await outcomeOf(operation.viaAdapter);
  return { sdk, sdkOutcome, adapter: [...adapterHttp.requests], adapterOutcome };
}

describe.each(operations)('$name', (operation) => {
  const local = operation.host === '127.0.0.1';

  it(`sends the SDK's request to ${operation.host}, signed alike`, async () => {
    const { sdk, sdkOutcome, adapter, adapterOutcome } = await bothWays(operation, operation.success, local);

    expect(sdk.sent).toHaveLength(1);
    expect(adapter).toHaveLength(1);
    const [expected] = sdk.sent as [SentRequest];
    const [actual] = adapter as [SentRequest];
    const target = (request: SentRequest) => ({
      method: request.method,
      protocol: request.protocol,
      hostname: request.hostname,
      port: request.port,
      path: request.path,
      query: request.query,
    });
    expect(target(actual)).toEqual(target(expected));
    expect(actual.hostname).toBe(operation.host);
    expect(JSON.parse(actual.body.toString('utf8'))).toEqual(JSON.parse(expected.body.toString('utf8')));
    expect(actual.body.toString('utf8')).toBe(expected.body.toString('utf8'));
    // Every header (host, content-type and -length, x-amz-target, x-amz-date, the session token,
    // the payload hash) and so the signature and the signed header set are the same.
    expect(actual.headers).toEqual(expected.headers);
    expect(actual.headers.authorization).toContain(`/${operation.scope}/aws4_request`);
    if (!local) expect(actual.headers['x-amz-security-token']).toBe(environment.AWS_SESSION_TOKEN);
    expect(actual.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-date/);
    // What the SDK had besides is exactly the bookkeeping headers.
    const unsigned = sdk.unsignedHeaderNames[0] ?? [];
    expect(unsigned.filter((name) => !(name in actual.headers)).sort()).toEqual(bookkeepingHeaders);
    expect(adapterOutcome).toEqual(sdkOutcome);
  });

  it.each([...operation.answers, ...transportCases(operation.maxAttempts)])(
    'answers $name as the SDK did, after as many attempts',
    async (answer) => {
      const { sdk, sdkOutcome, adapter, adapterOutcome } = await bothWays(operation, answer.response, local);

      expect(adapterOutcome).toEqual(sdkOutcome);
      answer.outcome(adapterOutcome);
      expect(sdk.sent).toHaveLength(answer.attempts);
      expect(adapter).toHaveLength(answer.attempts);
    },
  );
});
