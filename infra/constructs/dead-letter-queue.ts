import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** What ends up in the queue, for the queue's description in suppressions and alarms. */
  readonly purpose: string;
}

/**
 * An SQS queue that collects events nobody could process: encrypted with SQS-managed keys (so the
 * services that send to it need no KMS grants), SSL-only, and keeping messages for the maximum
 * 14 days so there is time to look at them.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: `This queue is itself the dead-letter queue for ${props.purpose}; a redrive from it would only move the messages again.`,
    });
  }
}
