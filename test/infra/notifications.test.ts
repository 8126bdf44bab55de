import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config.ts';
import type { TrackerFunction } from '../../infra/constructs/tracker-function.ts';
import { mailEnvironment } from '../../shared/config/env.ts';
import { eventTypes } from '../../shared/domain/events/schema.ts';
import { functions } from '../../shared/routes.ts';
import { tables } from '../../shared/tables.ts';
import { actionsOf, logicalId, resource, statementsForRole, synthesize } from './support.ts';

const mail = {
  sesIdentity: 'tracker.example.org',
  mailFrom: 'JUCIP tracker <notifications@tracker.example.org>',
};

const roleOf = (fn: TrackerFunction) => logicalId(fn.role as never);
const sesStatements = (synthesized: ReturnType<typeof synthesize>, fn: TrackerFunction) =>
  statementsForRole(synthesized.template, roleOf(fn)).filter((statement) =>
    actionsOf(statement).some((action) => action.startsWith('ses:')),
  );

describe('the notifier in the stack', () => {
  const withMail = synthesize(mail);
  const notifier = withMail.stack.function('notifier');

  it('is subscribed to every domain event type', () => {
    expect(functions.notifier.triggers).toEqual([{ kind: 'domain_event', types: eventTypes }]);
  });

  it('may send e-mail only, and only from the configured SES identity', () => {
    const statements = sesStatements(withMail, notifier);

    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0] as never)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(statements[0]?.Resource)).toContain(':identity/tracker.example.org');
    expect(JSON.stringify(statements[0]?.Resource)).not.toContain('*');
  });

  it('learns the sender and the identity from its environment', () => {
    const variables = resource(withMail.template, logicalId(notifier)).Properties.Environment.Variables;

    expect(variables[mailEnvironment.from]).toBe(mail.mailFrom);
    expect(JSON.stringify(variables[mailEnvironment.sesIdentityArn])).toContain(
      ':identity/tracker.example.org',
    );
    expect(variables[mailEnvironment.directory]).toBeUndefined();
  });

  it('dead-letters events that fail all retries into the domain-event queue, which has an alarm', () => {
    const properties = resource(withMail.template, logicalId(notifier)).Properties;
    const queueId = logicalId(withMail.stack.domainEventDeadLetterQueue.queue);

    expect(JSON.stringify(properties.DeadLetterConfig)).toContain(queueId);
    const alarms = withMail.template.findResources('AWS::CloudWatch::Alarm');
    const deadLetterAlarm = Object.values(alarms).find((alarm) =>
      JSON.stringify(alarm.Properties.Dimensions ?? []).includes(queueId),
    );
    expect(deadLetterAlarm?.Properties.AlarmDescription).toMatch(/notifier/);
  });

  it('gives no function SES permissions when the stage configures no mail', () => {
    const withoutMail = synthesize();

    for (const fn of withoutMail.stack.functions.values()) expect(sesStatements(withoutMail, fn)).toEqual([]);
    const variables = resource(withoutMail.template, logicalId(withoutMail.stack.function('notifier')))
      .Properties.Environment.Variables;
    expect(variables[mailEnvironment.from]).toBeUndefined();
  });

  it('gives no other function SES permissions', () => {
    for (const [id, fn] of withMail.stack.functions) {
      if (id !== 'notifier') expect(sesStatements(withMail, fn), id).toEqual([]);
    }
  });
});

describe('the notifications table', () => {
  const { stack, template } = synthesize();

  it('expires its items on expiresAt', () => {
    const table = resource(template, logicalId(stack.data.table('notifications')));

    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(tables.notifications.timeToLiveAttribute).toBe('expiresAt');
  });
});

describe('mail configuration', () => {
  const read = (context: Record<string, unknown>) => (key: string) => context[key];

  it('is off unless both the identity and the sender are given', () => {
    expect(parseConfig(read({})).mail).toBeUndefined();
    expect(() => parseConfig(read({ sesIdentity: 'tracker.example.org' }))).toThrow(/mailFrom/);
    expect(() => parseConfig(read({ mailFrom: 'a@tracker.example.org' }))).toThrow(/sesIdentity/);
  });

  it('refuses a sender outside the identity', () => {
    expect(() =>
      parseConfig(read({ sesIdentity: 'tracker.example.org', mailFrom: 'x@other.example' })),
    ).toThrow(/not an address of the SES identity/);
    expect(
      parseConfig(read({ sesIdentity: 'ops@example.org', mailFrom: 'Ops <ops@example.org>' })).mail,
    ).toEqual({
      sesIdentity: 'ops@example.org',
      from: 'Ops <ops@example.org>',
    });
  });
});
