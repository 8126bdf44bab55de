import { describe, expect, it } from 'vitest';
import { scheduledFunctionId } from '../../infra/stack.ts';
import { functionDefinitions } from '../../shared/routes.ts';
import { type CfnResource, logicalId, referencedLogicalIds, resourcesOfType, synthesize } from './support.ts';

const { stack, template } = synthesize();
const topicId = logicalId(stack.operations.topic);
const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));

/** The alarms on a metric whose dimensions refer to the given resource. */
function alarmsOn(metricName: string, dimensionTarget: string): CfnResource[] {
  return alarms.filter(
    (alarm) =>
      alarm.Properties.MetricName === metricName &&
      referencedLogicalIds(alarm.Properties.Dimensions).has(dimensionTarget),
  );
}

describe('alarms', () => {
  it('fire on any API 5xx response', () => {
    const [alarm] = alarmsOn('5xx', logicalId(stack.api.httpApi));

    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it.each(functionDefinitions)('fire when the $id function fails or is throttled', (definition) => {
    const functionId = logicalId(stack.function(definition.id));

    for (const metricName of ['Errors', 'Throttles']) {
      expect(alarmsOn(metricName, functionId)).toEqual([
        expect.objectContaining({
          Properties: expect.objectContaining({ Namespace: 'AWS/Lambda', Threshold: 1, Statistic: 'Sum' }),
        }),
      ]);
    }
  });

  it('report a failed indicator run through the job’s errors', () => {
    const [alarm] = alarmsOn('Errors', logicalId(stack.function(scheduledFunctionId)));

    expect(alarm?.Properties.AlarmDescription).toMatch(/indicator-job/);
  });

  it('fire as soon as the dead-letter queue holds a message', () => {
    const [alarm] = alarmsOn('ApproximateNumberOfMessagesVisible', logicalId(stack.jobDeadLetterQueue.queue));

    expect(alarm?.Properties).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1, Statistic: 'Maximum' });
  });

  it('fire as soon as an object event (an uploaded document never checked) is dead-lettered', () => {
    const [alarm] = alarmsOn(
      'ApproximateNumberOfMessagesVisible',
      logicalId(stack.eventDeadLetterQueue.queue),
    );

    expect(alarm?.Properties).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1, Statistic: 'Maximum' });
    expect(alarm?.Properties.AlarmDescription).toMatch(/evidence document/);
  });

  it('fire as soon as a domain event is dead-lettered, unpublished or undelivered', () => {
    const [alarm] = alarmsOn(
      'ApproximateNumberOfMessagesVisible',
      logicalId(stack.domainEventDeadLetterQueue.queue),
    );

    expect(alarm?.Properties).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1, Statistic: 'Maximum' });
    expect(alarm?.Properties.AlarmDescription).toMatch(/outbox/);
  });

  it('all notify the alarm topic when they fire and when they recover, and stay quiet without traffic', () => {
    // API 5xx, three dead-letter queues, two of the indicator workflow, and two per function.
    expect(alarms.length).toBe(6 + 2 * functionDefinitions.length);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });
});

describe('alarm topic', () => {
  it('accepts publishing over TLS only', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
  });

  it('has no subscription unless an alarm e-mail is configured', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('e-mails the configured address', () => {
    const { stack: withEmail, template: withEmailTemplate } = synthesize({ alarmEmail: 'ops@example.org' });

    withEmailTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
      TopicArn: { Ref: logicalId(withEmail.operations.topic) },
    });
  });
});

describe('stack outputs', () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

  it('give the API URL and the dashboard URL, which is the API root', () => {
    expect(referencedLogicalIds(outputs.ApiUrl?.Value)).toContain(logicalId(stack.api.httpApi));
    expect(outputs.DashboardUrl?.Value).toEqual(outputs.ApiUrl?.Value);
  });

  it('give the user pool, its app client and the token issuer', () => {
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: logicalId(stack.identity.userPool) });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: logicalId(stack.identity.client) });
    expect(referencedLogicalIds(outputs.IssuerUrl?.Value)).toEqual(
      new Set(['AWS::Region', logicalId(stack.identity.userPool)]),
    );
  });
});
