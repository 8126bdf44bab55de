import { describe, expect, it } from 'vitest';
import type { TrackerFunction } from '../../infra/constructs/tracker-function.ts';
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
