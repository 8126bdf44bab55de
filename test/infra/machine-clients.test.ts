import { describe, expect, it } from 'vitest';
import type { TrackerFunction } from '../../infra/constructs/tracker-function.ts';
import { authorizerEnvironment } from '../../shared/config/env.ts';
import { scopes } from '../../shared/domain/scopes.ts';
import { functionDefinitions } from '../../shared/routes.ts';
import {
  actionsOf,
  logicalId,
  referencedLogicalIds,
  resource,
  resourcesOfType,
  statementsForRole,
  synthesize,
} from './support.ts';

const { stack, template } = synthesize();

const cognitoClientActions = ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'];

function roleOf(fn: TrackerFunction): string {
  return logicalId(fn.role as never);
}

describe('identity for machine clients', () => {
  it('has a resource server owning exactly the tracker scopes', () => {
    const servers = Object.values(resourcesOfType(template, 'AWS::Cognito::UserPoolResourceServer'));

    expect(servers).toHaveLength(1);
    const properties = servers[0]?.Properties ?? {};
    expect(properties.Identifier).toBe('tracker');
    const names = (properties.Scopes as { ScopeName: string }[]).map((s) => `tracker/${s.ScopeName}`);
    expect(names.sort()).toEqual([...scopes].sort());
  });

  it('has a Cognito domain for the token endpoint, and outputs the token URL', () => {
    expect(Object.values(resourcesOfType(template, 'AWS::Cognito::UserPoolDomain'))).toHaveLength(1);
    expect(template.toJSON().Outputs.TokenUrl).toBeDefined();
  });

  it('creates no machine app client at deploy time: only the web client exists in the template', () => {
    const clients = Object.values(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'));

    expect(clients).toHaveLength(1);
    expect(clients[0]?.Properties.AllowedOAuthFlows).toBeUndefined();
  });
});

describe('the organisations function', () => {
  const organisations = stack.function('organisations');
  const userPoolId = logicalId(stack.identity.userPool);
  const apiId = logicalId(stack.api.httpApi);
  const [authorizerId = ''] = Object.keys(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'));

  it('may create and delete app clients of the tracker’s user pool, and nothing else in Cognito', () => {
    const cognito = statementsForRole(template, roleOf(organisations)).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('cognito-idp:')),
    );

    expect(cognito).toHaveLength(1);
    expect(actionsOf(cognito[0] as never).sort()).toEqual(cognitoClientActions);
    expect([...referencedLogicalIds(cognito[0]?.Resource)]).toEqual([userPoolId]);
    expect(JSON.stringify(cognito[0]?.Resource)).not.toContain('*');
  });

  it('learns the user pool and the token URL from its environment', () => {
    const variables = resource(template, logicalId(organisations)).Properties.Environment.Variables;

    expect(referencedLogicalIds(variables.USER_POOL_ID)).toEqual(new Set([userPoolId]));
    expect(variables.TOKEN_URL).toBeDefined();
  });

  it('may update exactly the API’s JWT authorizer (apigateway:PATCH on its ARN, no wildcard), and nothing else in API Gateway', () => {
    const apiGateway = statementsForRole(template, roleOf(organisations)).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('apigateway:')),
    );

    expect(apiGateway).toHaveLength(1);
    expect(actionsOf(apiGateway[0] as never)).toEqual(['apigateway:PATCH']);
    expect(apiGateway[0]?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':apigateway:',
          { Ref: 'AWS::Region' },
          '::/apis/',
          { Ref: apiId },
          '/authorizers/',
          { Ref: authorizerId },
        ],
      ],
    });
    expect(JSON.stringify(apiGateway[0]?.Resource)).not.toContain('*');
  });

  it('learns which authorizer, issuer and web client from its environment', () => {
    const variables = resource(template, logicalId(organisations)).Properties.Environment.Variables;
    const authorizer = resource(template, authorizerId).Properties;

    expect(variables[authorizerEnvironment.apiId]).toEqual({ Ref: apiId });
    expect(variables[authorizerEnvironment.authorizerId]).toEqual({ Ref: authorizerId });
    expect(variables[authorizerEnvironment.issuerUrl]).toEqual(authorizer.JwtConfiguration.Issuer);
    expect(variables[authorizerEnvironment.webClientId]).toEqual({
      Ref: logicalId(stack.identity.client),
    });
  });

  it('deploys the authorizer with the web client as its only audience (the function adds machine clients)', () => {
    const authorizers = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'));

    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties.JwtConfiguration.Audience).toEqual([
      { Ref: logicalId(stack.identity.client) },
    ]);
  });

  it('serves the API from a stage that deploys every change itself, so the audience updates take effect', () => {
    const stages = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'));

    expect(stages.map((stage) => stage.Properties.AutoDeploy)).toEqual([true]);
  });

  it('is the only function with any API Gateway permission', () => {
    const withApiGateway = functionDefinitions
      .filter((definition) =>
        statementsForRole(template, roleOf(stack.function(definition.id))).some((statement) =>
          actionsOf(statement).some((action) => action.startsWith('apigateway:')),
        ),
      )
      .map((definition) => definition.id);

    expect(withApiGateway).toEqual(['organisations']);
  });

  it('leaves no dependency cycle: the function names the authorizer, while the API’s routes invoke the function', () => {
    const resources = template.toJSON().Resources as Record<string, { DependsOn?: string | string[] }>;
    const edges = new Map(
      Object.entries(resources).map(([id, body]) => {
        const { DependsOn, ...rest } = body;
        const dependsOn = DependsOn === undefined ? [] : [DependsOn].flat();
        const targets = [...referencedLogicalIds(rest), ...dependsOn].filter((target) => target in resources);
        return [id, targets];
      }),
    );
    const state = new Map<string, 'visiting' | 'done'>();
    const cycleFrom = (id: string, path: string[]): string[] | undefined => {
      if (state.get(id) === 'done') return undefined;
      if (state.get(id) === 'visiting') return [...path, id];
      state.set(id, 'visiting');
      for (const target of edges.get(id) ?? []) {
        const cycle = cycleFrom(target, [...path, id]);
        if (cycle) return cycle;
      }
      state.set(id, 'done');
      return undefined;
    };

    const cycles = [...edges.keys()].map((id) => cycleFrom(id, [])).filter((cycle) => cycle !== undefined);
    expect(cycles).toEqual([]);
    // The chain the check covers: an integration of the API invokes the function, which names the authorizer.
    const functionId = logicalId(organisations);
    expect(edges.get(functionId)).toContain(authorizerId);
    const integrations = Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration'));
    expect(integrations.some(([id]) => edges.get(id)?.includes(functionId))).toBe(true);
  });

  it('is the only function with any Cognito permission', () => {
    const withCognito = functionDefinitions
      .filter((definition) =>
        statementsForRole(template, roleOf(stack.function(definition.id))).some((statement) =>
          actionsOf(statement).some((action) => action.startsWith('cognito-idp:')),
        ),
      )
      .map((definition) => definition.id);

    expect(withCognito).toEqual(['organisations']);
  });
});
