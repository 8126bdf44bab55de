/**
 * Unit tests never reach a database: the table names are fixed fakes and the client points at a
 * closed port, so a call that escapes `aws-sdk-client-mock` fails loudly instead of going anywhere.
 */
import { bucketDefinitions } from '../../shared/buckets.ts';
import { tableDefinitions } from '../../shared/tables.ts';

for (const definition of tableDefinitions) process.env[definition.envVar] = `unit-${definition.id}`;
for (const definition of bucketDefinitions) process.env[definition.envVar] = `unit-${definition.id}`;
process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
process.env.S3_ENDPOINT = 'http://127.0.0.1:9';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.STAGE = 'test';
