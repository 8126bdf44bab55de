/**
 * Synthesizes the app the way `cdk synth` does (cdk.json context plus overrides) but without
 * bundling or CDK's slow built-in template validation, and reads the template back.
 */
import { readFileSync } from 'node:fs';
import { type App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../infra/app.ts';
import type { TrackerStack } from '../../infra/stack.ts';

const cdkJsonContext = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export interface Synthesized {
  readonly app: App;
  readonly stack: TrackerStack;
  readonly template: Template;
}

/** The tracker app for the given context (e.g. `{ stage: 'prod' }`), synthesized once. */
export function synthesize(
  context: Record<string, unknown> = {},
  options: { readonly bundle?: boolean } = {},
): Synthesized {
  const { app, stack } = buildApp({
    context: {
      ...cdkJsonContext,
      // An empty list skips asset bundling for every stack; NodejsFunction then only checks that entries exist.
      ...(!options.bundle && { 'aws:cdk:bundling-stacks': [] }),
      // cdk-nag findings are reported by nag.test.ts; here they must not abort every other test file.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      ...context,
    },
    cloudFormationValidation: false,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** A CloudFormation resource as it appears in the template. */
export interface CfnResource {
  readonly Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: template properties are free-form JSON.
  readonly Properties: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The logical id of an L2 construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The resources of a type, by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** One resource by logical id; fails the test when it is missing. */
export function resource(template: Template, id: string): CfnResource {
  const found = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources[id];
  if (!found) throw new Error(`No resource ${id} in the template`);
  return found;
}

/** A statement's actions as a list. */
export function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The logical ids a template value refers to through `Ref` or `Fn::GetAtt`. */
export function referencedLogicalIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      for (const [key, inner] of Object.entries(node)) {
        if (key === 'Ref' && typeof inner === 'string') ids.add(inner);
        else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string')
          ids.add(inner[0]);
        else visit(inner);
      }
    }
  };
  visit(value);
  return ids;
}

function statementsOf(document: { Statement: PolicyStatement[] } | undefined): PolicyStatement[] {
  return document?.Statement ?? [];
}

/** Every IAM statement in the template (policies and roles' inline policies), with where it is. */
export function allIamStatements(template: Template): { source: string; statement: PolicyStatement }[] {
  const found: { source: string; statement: PolicyStatement }[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of Object.entries(resourcesOfType(template, type))) {
      for (const statement of statementsOf(policy.Properties.PolicyDocument))
        found.push({ source: id, statement });
    }
  }
  for (const [id, role] of Object.entries(resourcesOfType(template, 'AWS::IAM::Role'))) {
    for (const inline of (role.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: PolicyStatement[] };
    }[]) {
      for (const statement of statementsOf(inline.PolicyDocument)) found.push({ source: id, statement });
    }
  }
  return found;
}

/** The statements that apply to a role: its inline policies and every policy attached to it. */
export function statementsForRole(template: Template, roleLogicalId: string): PolicyStatement[] {
  const role = resource(template, roleLogicalId);
  const inline = (
    (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: PolicyStatement[] } }[]
  ).flatMap((policy) => statementsOf(policy.PolicyDocument));
  const attached = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']
    .flatMap((type) => Object.values(resourcesOfType(template, type)))
    .filter((policy) => referencedLogicalIds(policy.Properties.Roles).has(roleLogicalId))
    .flatMap((policy) => statementsOf(policy.Properties.PolicyDocument));
  return [...inline, ...attached];
}
