import { type App, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { synthesize } from './support.ts';

/** Unacknowledged findings of both rule packs, as `rule at construct path`. */
function findings(app: App, severity: 'error' | 'warning'): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()]
    .flatMap((pack) => pack.validateScope(app).violations)
    .filter((violation) => violation.severity === severity)
    .flatMap((violation) =>
      violation.violatingResources.map((where) => `${violation.ruleName} at ${where.constructPath}`),
    );
}

/** Every acknowledged rule in the app with its reason and where it was acknowledged. */
function acknowledgments(app: App): { id: string; reason: string; path: string }[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          // CDK stores ids without a known prefix as annotations; cdk-nag reads them the same way.
          id: id.replace(/^annotation::/i, ''),
          reason,
          path: construct.node.path,
        })),
      ),
  );
}

describe.each([
  ['dev', {}],
  [
    'prod, with alarm e-mail, CORS and notification mail',
    {
      stage: 'prod',
      alarmEmail: 'ops@example.org',
      corsOrigins: 'https://tracker.example.org',
      sesIdentity: 'tracker.example.org',
      mailFrom: 'JUCIP tracker <notifications@tracker.example.org>',
    },
  ],
  ['dev, with the public CDN', { publicCdn: true }],
])('cdk-nag on the %s stack', (_name, context) => {
  const { app, stack } = synthesize(context);

  it('synthesizes without CDK warnings or errors', () => {
    const annotations = Annotations.fromStack(stack);

    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  it('finds no unacknowledged AwsSolutions or Serverless errors', () => {
    expect(findings(app, 'error')).toEqual([]);
  });

  it('finds no unacknowledged warnings either', () => {
    expect(findings(app, 'warning')).toEqual([]);
  });

  it('has a reason for every acknowledgment, and names the finding for rules that list findings', () => {
    const acknowledged = acknowledgments(app);

    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason, path } of acknowledged) {
      expect(id, path).toMatch(/^(AwsSolutions|Serverless)-/);
      expect(reason.length, `${id} at ${path}`).toBeGreaterThanOrEqual(40);
      // IAM4 and IAM5 report one finding per policy or resource; a bare rule id would hide new ones.
      if (/^AwsSolutions-IAM[45]/.test(id)) expect(id, path).toMatch(/\[.+\]$/);
    }
  });
});

describe('cdk-nag in the app', () => {
  it('fails synthesis when a resource breaks a rule', () => {
    const { app, stack } = buildApp({
      context: { 'aws:cdk:bundling-stacks': [] },
      cloudFormationValidation: false,
    });
    new Queue(stack, 'PlainQueue', { encryption: QueueEncryption.UNENCRYPTED });

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
