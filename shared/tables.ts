/**
 * The tables the tracker keeps, defined once. CDK builds `TableV2`s from these definitions and the
 * local runtime creates the same tables in DynamoDB Local, so the two can never disagree on keys
 * or indexes. Access patterns live beside each table's adapter under `shared/adapters/dynamodb/`.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Logical id: the CDK construct id and the suffix of the local table name. */
  readonly id: TableId;
  /** Environment variable through which functions learn the physical table name. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, when items expire. */
  readonly timeToLiveAttribute?: string;
  /**
   * Whether decisions stored in this table keep their domain events in it until they are published
   * (the outbox, `shared/adapters/dynamodb/outbox.ts`): a stream in AWS, the local bus's backlog locally.
   */
  readonly outbox?: boolean;
}

export type TableId =
  | 'projects'
  | 'metrics'
  | 'indicators'
  | 'reference'
  | 'idempotency'
  | 'organisations'
  | 'notifications';

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

/** Overloaded secondary indexes (`gsi1pk`/`gsi1sk`, ...): each table's adapter says what it stores in them. */
function overloadedIndexes(count: number): GlobalIndexDefinition[] {
  return Array.from({ length: count }, (_, i) => ({
    indexName: `gsi${i + 1}`,
    partitionKey: { name: `gsi${i + 1}pk`, type: 'S' },
    sortKey: { name: `gsi${i + 1}sk`, type: 'S' },
  }));
}

export const tables: Readonly<Record<TableId, TableDefinition>> = {
  /** Projects, their audit entries and their external-reference claims. */
  projects: {
    id: 'projects',
    envVar: 'PROJECTS_TABLE_NAME',
    partitionKey: pk,
    sortKey: sk,
    // gsi4 is sparse and overloaded: `QUEUE` holds the records waiting for review
    // (`shared/adapters/dynamodb/review-queue.ts`), `OPERATING` the published operating projects
    // (the reminder job); a record is never in both, since only a submitted one waits.
    globalIndexes: overloadedIndexes(4),
    outbox: true,
  },
  /** Monthly metric reports, every revision kept, plus a latest pointer per period. */
  metrics: {
    id: 'metrics',
    envVar: 'METRICS_TABLE_NAME',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: overloadedIndexes(1),
    outbox: true,
  },
  /** Indicator runs, their items and the pointer to the latest published run. */
  indicators: {
    id: 'indicators',
    envVar: 'INDICATORS_TABLE_NAME',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: overloadedIndexes(1),
    /** Items of runs past their retention (`shared/domain/indicator-runs/retention.ts`). */
    timeToLiveAttribute: 'expiresAt',
    outbox: true,
  },
  /** Reference data kept by admins: emission factors and FX rates, versioned. */
  reference: {
    id: 'reference',
    envVar: 'REFERENCE_TABLE_NAME',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: overloadedIndexes(1),
  },
  /** Idempotency records, in Powertools idempotency's layout (`adapters/dynamodb/idempotency-table.ts`). */
  idempotency: {
    id: 'idempotency',
    envVar: 'IDEMPOTENCY_TABLE_NAME',
    partitionKey: { name: 'id', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiration',
  },
  /**
   * Partner organisations and their machine clients. A table of its own because every function
   * behind a protected route reads it (a machine client's token is looked up on each request):
   * those functions get read access to organisations and clients only, not to projects or
   * reference data they otherwise have no business reading.
   */
  organisations: {
    id: 'organisations',
    envVar: 'ORGANISATIONS_TABLE_NAME',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: overloadedIndexes(1),
  },
  /**
   * In-app notifications per audience and the ledger of e-mails sent per event, written by the
   * notifier and read by `GET /me/notifications` (docs/notifications.md). A table of its own: its
   * items expire (`expiresAt`), and the notifier needs no access to projects or reports.
   */
  notifications: {
    id: 'notifications',
    envVar: 'NOTIFICATIONS_TABLE_NAME',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: overloadedIndexes(1),
    timeToLiveAttribute: 'expiresAt',
  },
};

export const tableDefinitions: readonly TableDefinition[] = Object.values(tables);

/** The tables that keep an outbox of domain events. */
export const outboxTableDefinitions: readonly TableDefinition[] = tableDefinitions.filter((d) => d.outbox);
