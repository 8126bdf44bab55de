/**
 * `npm run -s token -- --role submitter --org acme`: prints a token from the local issuer and
 * nothing else, so that `TOKEN=$(npm run -s token -- ...)` works.
 */
import { parseArgs } from 'node:util';
import { issueToken, loadIssuerKeys, type Role, roles } from './issuer.ts';

const usage = `Usage: npm run -s token -- --role <${roles.join('|')}> [--role ...] [--org <orgId>] [--sub <subject>] [--expires-in <seconds>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string', multiple: true },
        org: { type: 'string' },
        sub: { type: 'string' },
        'expires-in': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
}

const values = parse();
const requested = (values.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim());
if (requested.length === 0) fail('Give at least one --role.');
const unknown = requested.filter((r) => !(roles as readonly string[]).includes(r));
if (unknown.length > 0) fail(`Unknown role: ${unknown.join(', ')}.`);
if (requested.includes('submitter') && !values.org)
  fail('A submitter acts for one organisation: give --org.');
const expiresInSeconds = values['expires-in'] === undefined ? 3600 : Number(values['expires-in']);
if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1)
  fail('--expires-in takes a positive number of seconds.');

const keys = await loadIssuerKeys();
const token = await issueToken(keys, {
  roles: requested as Role[],
  expiresInSeconds,
  ...(values.org ? { orgId: values.org } : {}),
  ...(values.sub ? { subject: values.sub } : {}),
});
process.stdout.write(`${token}\n`);
