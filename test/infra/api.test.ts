import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config.ts';
import { Identity } from '../../infra/constructs/identity.ts';
import { fallbackFunctionId, TrackerApi } from '../../infra/constructs/tracker-api.ts';
import {
  type FunctionId,
  httpFunctionIds,
  type RouteDefinition,
  routeKey,
  routes,
} from '../../shared/routes.ts';
import {
  type CfnResource,
  logicalId,
  referencedLogicalIds,
  resource,
  resourcesOfType,
  synthesize,
} from './support.ts';

/** The Lambda function a route's integration invokes, as a logical id. */
function integratedFunction(template: Template, route: CfnResource): string | undefined {
  const [integrationId] = referencedLogicalIds(route.Properties.Target);
  const integration = resource(template, integrationId as string);
  return [...referencedLogicalIds(integration.Properties.IntegrationUri)][0];
}

function routeByKey(template: Template, key: string): CfnResource {
  const found = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).find(
    (route) => route.Properties.RouteKey === key,
  );
  if (!found) throw new Error(`No route ${key}`);
  return found;
}

describe('HTTP API of the stack', () => {
  const { stack, template } = synthesize();
  const functionLogicalId = (id: FunctionId) => logicalId(stack.function(id));

  it('has one route per route definition plus $default', () => {
    const keys = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );

    expect(keys.sort()).toEqual([...routes.map(routeKey), '$default'].sort());
  });

  it.each(routes)('$method $path is $auth and invokes the $function function', (route) => {
    const deployed = routeByKey(template, routeKey(route));

    expect(deployed.Properties.AuthorizationType).toBe(route.auth === 'jwt' ? 'JWT' : 'NONE');
    expect(integratedFunction(template, deployed)).toBe(functionLogicalId(route.function));
  });

  it('sends requests no route matches ($default) to the fallback function, without authorization', () => {
    const fallback = routeByKey(template, '$default');

    expect(fallback.Properties.AuthorizationType).toBe('NONE');
    expect(integratedFunction(template, fallback)).toBe(functionLogicalId(fallbackFunctionId));
  });

  it('lets API Gateway invoke exactly the HTTP functions, once per function for the whole API', () => {
    // S3's permissions to invoke the functions its object events trigger are covered in
    // stateful.test.ts, EventBridge's for the domain events' subscribers in events.test.ts.
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      (permission) => !['s3.amazonaws.com', 'events.amazonaws.com'].includes(permission.Properties.Principal),
    );
    const apiId = logicalId(stack.api.httpApi);

    expect(
      permissions
        .map((permission) => [...referencedLogicalIds(permission.Properties.FunctionName)][0])
        .sort(),
    ).toEqual(httpFunctionIds.map(functionLogicalId).sort());
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(referencedLogicalIds(permission.Properties.SourceArn)).toContain(apiId);
    }
  });

  it('serves the $default stage with automatic deployment and default route throttling from config', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: stack.config.throttle.rateLimit,
        ThrottlingBurstLimit: stack.config.throttle.burstLimit,
      },
    });
  });

  it('throttles each public route (and $default) on its own, tighter than the authenticated default', () => {
    const [stageId, stage] = Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'))[0] ?? [];
    const publicKeys = [...routes.filter((route) => route.auth === 'public').map(routeKey), '$default'];
    const settings = stage?.Properties.RouteSettings as Record<string, unknown>;

    expect(Object.keys(settings).sort()).toEqual(publicKeys.sort());
    for (const key of publicKeys) {
      expect(settings[key]).toEqual({
        ThrottlingRateLimit: stack.config.publicThrottle.rateLimit,
        ThrottlingBurstLimit: stack.config.publicThrottle.burstLimit,
      });
    }
    expect(stack.config.publicThrottle.rateLimit).toBeLessThan(stack.config.throttle.rateLimit);
    // CloudFormation refuses settings for routes that do not exist yet: the stage waits for them.
    const dependsOn = (template.toJSON() as { Resources: Record<string, { DependsOn?: string[] }> })
      .Resources[stageId ?? '']?.DependsOn;
    for (const key of publicKeys) {
      const [routeId] = Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).find(
        ([, route]) => route.Properties.RouteKey === key,
      ) ?? [''];
      expect(dependsOn).toContain(routeId);
    }
  });

  it('writes one JSON access log line per request to a log group with retention', () => {
    const [stage] = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.AccessLogSettings;
    const [logGroupId] = referencedLogicalIds(settings.DestinationArn);

    expect(JSON.parse(settings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      routeKey: '$context.routeKey',
    });
    expect(resource(template, logGroupId as string).Properties.RetentionInDays).toBe(
      stack.config.logRetentionDays,
    );
  });

  it('sends no CORS headers when no origins are configured', () => {
    const [api] = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Api'));

    expect(api?.Properties.CorsConfiguration).toBeUndefined();
  });

  it('allows the configured origins and the route table methods', () => {
    const origins = ['https://tracker.example.org', 'http://localhost:5173'];
    const { template: withCors } = synthesize({ corsOrigins: origins.join(',') });
    const [api] = Object.values(resourcesOfType(withCors, 'AWS::ApiGatewayV2::Api'));

    expect(api?.Properties.CorsConfiguration).toMatchObject({
      AllowOrigins: origins,
      AllowMethods: expect.arrayContaining([...new Set(routes.map((route) => route.method))]),
      AllowHeaders: expect.arrayContaining(['authorization', 'content-type']),
      AllowCredentials: false,
    });
  });
});

describe('TrackerApi with protected routes', () => {
  // The shared route table may not yet have a `jwt` route; this table does, so the authorizer is built.
  const table: RouteDefinition[] = [
    { method: 'GET', path: '/health', auth: 'public', function: 'public-read' },
    { method: 'POST', path: '/projects/{id}/metrics', auth: 'jwt', function: 'public-read' },
  ];
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'ApiUnderTest');
  const identity = new Identity(stack, 'Identity', { stage: 'test', retainData: false });
  const functions = new Map(
    (['public-read', fallbackFunctionId] as const).map((id) => [
      id,
      new LambdaFunction(stack, id, {
        runtime: Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
      }),
    ]),
  );
  new TrackerApi(stack, 'Api', {
    routes: table,
    functions,
    jwt: { issuerUrl: identity.issuerUrl, audience: identity.client.userPoolClientId },
    config: parseConfig(() => undefined),
  });
  const template = Template.fromStack(stack);
  const [authorizerId, authorizer] =
    Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'))[0] ?? [];

  it('checks ID tokens of the Cognito user pool: issuer and the app client as audience', () => {
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: logicalId(identity.client) }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              { Ref: logicalId(identity.userPool) },
            ],
          ],
        },
      },
    });
  });

  it('puts the JWT authorizer on jwt routes only', () => {
    const protectedRoute = routeByKey(template, 'POST /projects/{id}/metrics');
    const publicRoute = routeByKey(template, 'GET /health');

    expect(protectedRoute.Properties).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
    });
    expect(publicRoute.Properties.AuthorizationType).toBe('NONE');
    expect(publicRoute.Properties.AuthorizerId).toBeUndefined();
  });
});
