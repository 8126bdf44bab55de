/**
 * First-start data for the local runtime: the sample FX rates (reference data the API needs to
 * price investments, clearly labelled as samples) whenever the FX table is empty, and the sample
 * portfolio when the database has no projects yet and sample data is wanted. Projects go through
 * the same service the API uses, so they get real ids, audit trails and USD amounts.
 *
 * Import this module only after the table environment is set: it wires the adapters at load time.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import { ProjectService } from '../../shared/domain/projects/service.ts';
import { sampleFxRates } from './sample-data/fx-rates.ts';
import { sampleProjects } from './sample-data/projects.ts';

const fx = new DynamoReferenceRepository(documentClient, tableName('reference'));
const projects = new DynamoProjectRepository(documentClient, tableName('projects'));
const service = new ProjectService({
  projects,
  fx,
  now: () => new Date().toISOString(),
  newId: () => ulid(),
});

async function hasAny(table: string, indexName: string, pk: string, value: string): Promise<boolean> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: indexName,
      KeyConditionExpression: '#pk = :v',
      ExpressionAttributeNames: { '#pk': pk },
      ExpressionAttributeValues: { ':v': value },
      Limit: 1,
    }),
  );
  return Items.length > 0;
}

/** Seeds the sample FX rates when no rate is stored; answers how many it stored. */
export async function seedFxRates(): Promise<number> {
  if (await hasAny(tableName('reference'), 'gsi1', 'gsi1pk', 'FX')) return 0;
  const stamp = { version: 1, updatedAt: new Date().toISOString(), updatedBy: 'sample-seed' };
  for (const rate of sampleFxRates) await fx.putFxRate(undefined, { ...rate, ...stamp });
  return sampleFxRates.length;
}

const sampleReviewer: Principal = { subject: 'sample-loader-reviewer', roles: ['reviewer'] };

/** Loads the sample portfolio into an empty projects table; answers how many projects it loaded. */
export async function loadSamplePortfolio(): Promise<number> {
  if (await hasAny(tableName('projects'), 'gsi3', 'gsi3pk', 'PROJECTS')) return 0;
  for (const sample of sampleProjects) {
    const submitter: Principal = {
      subject: `sample-loader-${sample.orgId}`,
      roles: ['submitter'],
      orgId: sample.orgId,
    };
    let project = await service.create(submitter, sample.body);
    for (const change of sample.statusChanges ?? []) {
      project = await service.changeStatus(submitter, project.id, change, project.version);
    }
    if (sample.review)
      project = await service.review(sampleReviewer, project.id, sample.review, project.version);
  }
  return sampleProjects.length;
}
