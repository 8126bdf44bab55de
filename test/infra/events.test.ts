import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import {
  DomainEvents,
  publisherRetryAttempts,
  subscriberMaxEventAge,
  subscriberRetryAttempts,
} from '../../infra/constructs/domain-events.ts';
import { subscribedFunctions } from '../../infra/local/event-bus.ts';
import { eventSource, eventTypes } from '../../shared/domain/events/schema.ts';
import { functionDefinitions } from '../../shared/routes.ts';
import { outboxTableDefinitions, tableDefinitions } from '../../shared/tables.ts';
import { logicalId, referencedLogicalIds, resource, resourcesOfType, synthesize } from './support.ts';

const { stack, template } = synthesize();
const busId = logicalId(stack.domainEvents.bus);
const queueId = logicalId(stack.domainEventDeadLetterQueue.queue);
const publishers = functionDefinitions.filter((definition) =>
  (definition.triggers ?? []).some((trigger) => trigger.kind === 'outbox'),
);

describe('the domain events bus', () => {
  it('is the stack’s own bus, with an archive of every tracker event kept a year', () => {
    const archives = Object.values(resourcesOfType(template, 'AWS::Events::Archive'));

    expect(resource(template, busId).Type).toBe('AWS::Events::EventBus');
    expect(archives).toHaveLength(1);
    expect(archives[0]?.Properties).toMatchObject({
      EventPattern: { source: [eventSource] },
      RetentionDays: 365,
    });
    expect(referencedLogicalIds(archives[0]?.Properties.SourceArn)).toEqual(new Set([busId]));
  });

  it('has one rule per function subscribed to domain events, and no other', () => {
    const rules = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter((rule) =>
      referencedLogicalIds(rule.Properties.EventBusName).has(busId),
    );

    expect(rules).toHaveLength(subscribedFunctions(functionDefinitions).length);
  });

  it('delivers every event type to the notifier, which EventBridge alone may invoke that way', () => {
    const notifierId = logicalId(stack.function('notifier'));
    const [rule, ...others] = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.Targets ?? []).includes(notifierId),
    );

    expect(others).toEqual([]);
    expect(referencedLogicalIds(rule?.Properties.EventBusName)).toContain(busId);
    expect(rule?.Properties.EventPattern).toEqual({
      source: [eventSource],
      'detail-type': [...eventTypes],
    });
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions.map((p) => [...referencedLogicalIds(p.Properties.FunctionName)][0])).toEqual([
      notifierId,
    ]);
  });

  it('alarms when an event lands in its dead-letter queue', () => {
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).filter((alarm) =>
      (alarm.Properties.Dimensions ?? []).some((dimension: { Value: unknown }) =>
        referencedLogicalIds(dimension.Value).has(queueId),
      ),
    );

    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });
});

describe('the outbox publisher', () => {
  it('is one function, which puts events on the stack’s bus', () => {
    expect(publishers.map((definition) => definition.id)).toEqual(['event-publisher']);
    const fn = resource(template, logicalId(stack.function('event-publisher'))).Properties;
    expect(fn.Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
  });

  it('streams the new images of exactly the tables that keep an outbox', () => {
    for (const definition of tableDefinitions) {
      const table = resource(template, logicalId(stack.data.table(definition.id))).Properties;
      if (definition.outbox) expect(table.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
      else expect(table.StreamSpecification).toBeUndefined();
    }
  });

  it('reads each outbox stream, new outbox items only, bisecting and retrying failures, then dead-lettering', () => {
    const publisherId = logicalId(stack.function('event-publisher'));
    const mappings = Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')).filter(
      (mapping) => referencedLogicalIds(mapping.Properties.FunctionName).has(publisherId),
    );

    expect(
      mappings.flatMap((mapping) => [...referencedLogicalIds(mapping.Properties.EventSourceArn)]).sort(),
    ).toEqual(outboxTableDefinitions.map((definition) => logicalId(stack.data.table(definition.id))).sort());
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: publisherRetryAttempts,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(
        referencedLogicalIds(mapping.Properties.DestinationConfig.OnFailure.Destination).has(queueId),
      ).toBe(true);
      const [filter] = mapping.Properties.FilterCriteria.Filters;
      expect(JSON.parse(filter.Pattern)).toEqual({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { entity: { S: ['outbox'] } } },
      });
    }
  });
});

describe('DomainEvents.addSubscriber', () => {
  it('matches the tracker’s source and the types named, retries for a day, then dead-letters', () => {
    const app = new App();
    const scope = new Stack(app, 'Events');
    const events = new DomainEvents(scope, 'Events', {
      stage: 'test',
      archiveRetention: Duration.days(30),
      deadLetterQueue: new Queue(scope, 'Dlq'),
    });
    const target = new LambdaFunction(scope, 'Notifier', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => {};'),
    });

    events.addSubscriber('Notifier', target, ['ProjectSubmitted', 'ReportDue']);

    const rules = Object.values(Template.fromStack(scope).findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.EventPattern).toEqual({
      source: [eventSource],
      'detail-type': ['ProjectSubmitted', 'ReportDue'],
    });
    expect(rules[0]?.Properties.Targets[0]).toMatchObject({
      RetryPolicy: {
        MaximumRetryAttempts: subscriberRetryAttempts,
        MaximumEventAgeInSeconds: subscriberMaxEventAge.toSeconds(),
      },
    });
    expect(rules[0]?.Properties.Targets[0].DeadLetterConfig).toBeDefined();
  });
});
