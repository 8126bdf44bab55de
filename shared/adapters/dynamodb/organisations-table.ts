/**
 * The organisations table: partner organisations and their machine clients.
 *
 * Items (pk / sk):
 * - organisation:   `ORG#<orgId>` / `ORG` — gsi1 `ORGS` / `<orgId>` lists every organisation
 * - machine client: `ORG#<orgId>` / `CLIENT#<clientId>` — an organisation's clients, in id order
 * - client lookup:  `CLIENT#<clientId>` / `CLIENT` — the organisation and scopes of a client, read
 *   on every request a machine client makes (one GetItem); written and deleted together with the
 *   client item, in one transaction
 *
 * Access patterns: one organisation (GetItem); all organisations in id order (gsi1); an
 * organisation's clients (Query on its partition, `CLIENT#` prefix); a client by id (GetItem); every
 * client's id (Scan for the lookup items: the table holds a few organisations and at most 49
 * clients, the JWT authorizer's cap, so an index for this rare read would cost more than it saves).
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { VersionConflictError } from '../../domain/errors.ts';
import type {
  KeyPage,
  MachineClientRepository,
  OrganisationDirectory,
  OrganisationRepository,
} from '../../domain/organisations/ports.ts';
import type { MachineClient, Organisation } from '../../domain/organisations/schema.ts';
import { isScope } from '../../domain/scopes.ts';
import type { MachineClientGrant, MachineClientLookup } from '../../http/principal.ts';
import { recordOf } from './items.ts';

const organisationKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' });
const clientKey = (orgId: string, clientId: string) => ({ pk: `ORG#${orgId}`, sk: `CLIENT#${clientId}` });
const clientLookupKey = (clientId: string) => ({ pk: `CLIENT#${clientId}`, sk: 'CLIENT' });

/** Organisations and machine clients in DynamoDB. */
export class DynamoOrganisationRepository
  implements OrganisationRepository, OrganisationDirectory, MachineClientRepository, MachineClientLookup
{
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(orgId: string): Promise<Organisation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: organisationKey(orgId), ConsistentRead: true }),
    );
    return Item ? recordOf<Organisation>(Item) : undefined;
  }

  async exists(orgId: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: organisationKey(orgId),
        ProjectionExpression: 'pk',
      }),
    );
    return Item !== undefined;
  }

  async put(next: Organisation, expectedVersion: number | undefined): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...organisationKey(next.orgId),
            entity: 'organisation',
            gsi1pk: 'ORGS',
            gsi1sk: next.orgId,
            ...next,
          },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new VersionConflictError('The organisation changed since you read it', { cause: error });
      }
      throw error;
    }
  }

  async list(limit: number, afterOrgId?: string): Promise<KeyPage<Organisation>> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: afterOrgId ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ORGS', ...(afterOrgId ? { ':after': afterOrgId } : {}) },
        Limit: limit,
      }),
    );
    return { items: Items.map((item) => recordOf<Organisation>(item)), more: LastEvaluatedKey !== undefined };
  }

  async addClient(client: MachineClient): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...clientKey(client.orgId, client.clientId), entity: 'machine_client', ...client },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...clientLookupKey(client.clientId),
                entity: 'machine_client_lookup',
                orgId: client.orgId,
                scopes: client.scopes,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  async getClient(orgId: string, clientId: string): Promise<MachineClient | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: clientKey(orgId, clientId), ConsistentRead: true }),
    );
    return Item ? recordOf<MachineClient>(Item) : undefined;
  }

  async listClients(orgId: string, limit: number, afterClientId?: string): Promise<KeyPage<MachineClient>> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: afterClientId
          ? 'pk = :pk AND sk BETWEEN :after AND :end'
          : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': organisationKey(orgId).pk,
          ...(afterClientId
            ? { ':after': `CLIENT#${afterClientId}\u0000`, ':end': 'CLIENT#\uffff' }
            : { ':prefix': 'CLIENT#' }),
        },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return {
      items: Items.map((item) => recordOf<MachineClient>(item)),
      more: LastEvaluatedKey !== undefined,
    };
  }

  async removeClient(orgId: string, clientId: string): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: clientKey(orgId, clientId) } },
          { Delete: { TableName: this.tableName, Key: clientLookupKey(clientId) } },
        ],
      }),
    );
  }

  async allClientIds(): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          FilterExpression: '#entity = :lookup',
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: { ':lookup': 'machine_client_lookup' },
          ProjectionExpression: 'pk',
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of Items) {
        if (typeof item.pk === 'string' && item.pk.startsWith('CLIENT#'))
          ids.push(item.pk.slice('CLIENT#'.length));
      }
      startKey = LastEvaluatedKey;
    } while (startKey);
    return ids;
  }

  /**
   * A strongly consistent read, so that a revocation takes effect on the very next request. The
   * `ORG#` partition is not read: the lookup item carries what a request needs.
   */
  async grantOf(clientId: string): Promise<MachineClientGrant | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: clientLookupKey(clientId), ConsistentRead: true }),
    );
    if (!Item || typeof Item.orgId !== 'string') return undefined;
    const scopes = Array.isArray(Item.scopes) ? Item.scopes.map(String).filter(isScope) : [];
    return { orgId: Item.orgId, scopes };
  }
}
