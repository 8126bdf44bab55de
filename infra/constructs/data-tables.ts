import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  Billing,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { KeyAttribute, TableDefinition, TableId } from '../../shared/tables.ts';
import { pascalCase } from './names.ts';

/** Properties of {@link DataTables}. */
export interface DataTablesProps {
  /** The tables to create, normally `tableDefinitions` from `shared/tables.ts`. */
  readonly definitions: readonly TableDefinition[];
  /** Keep the tables (deletion protection, `RETAIN`) when the stack or a table is removed. */
  readonly retainData: boolean;
}

const attributeTypes = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: attributeTypes[key.type] };
}

/**
 * The stateful core: one DynamoDB `TableV2` per table definition, on demand, with point-in-time
 * recovery and encryption under the AWS-managed `aws/dynamodb` KMS key (visible in the template and
 * in CloudTrail, without a key policy of our own to maintain).
 */
export class DataTables extends Construct {
  private readonly byId = new Map<TableId, TableV2>();

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    for (const definition of props.definitions) {
      const table = new TableV2(this, pascalCase(definition.id), {
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey && { sortKey: attribute(definition.sortKey) }),
        globalSecondaryIndexes: definition.globalIndexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey && { sortKey: attribute(index.sortKey) }),
        })),
        ...(definition.timeToLiveAttribute && { timeToLiveAttribute: definition.timeToLiveAttribute }),
        // The outbox's publisher reads new items from the stream (docs/events.md).
        ...(definition.outbox && { dynamoStream: StreamViewType.NEW_IMAGE }),
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryptionV2.awsManagedKey(),
        deletionProtection: props.retainData,
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      this.byId.set(definition.id, table);
    }
  }

  /**
   * The table created for a definition.
   * @throws Error when the table was not among the definitions.
   */
  table(id: TableId): TableV2 {
    const table = this.byId.get(id);
    if (!table) throw new Error(`No table "${id}" was defined`);
    return table;
  }
}
