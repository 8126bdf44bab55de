/**
 * `npm run -s token -- --role submitter --org acme`: prints a token from the local issuer and
 * nothing else on stdout, so that `TOKEN=$(npm run -s token -- ...)` works.
 *
 * With `--org`, it also makes sure the organisation is registered in the running local runtime
 * (`PORT`, default 3000), creating a placeholder one through the API when missing: a project
 * needs a registered organisation, and a fresh local submitter should not have to know that. When
 * the runtime is not running it still prints the token, and says on stderr how to register the
 * organisation later.
 */
import { parseArgs } from 'node:util';
import { issueToken, loadIssuerKeys, type Role, roles } from './issuer.ts';
import { ensureOrganisation, placeholderOrganisation } from './organisations.ts';

const usage = `Usage: npm run -s token -- --role <${roles.join('|')}> [--role ...] [--org <orgId>] [--sub <subject>] [--expires-in <seconds>] [--no-register]`;

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
        'no-register': { type: 'boolean', default: false },
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

if (values.org && !values['no-register']) {
  const baseUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  try {
    const outcome = await ensureOrganisation(baseUrl, keys, values.org);
    if (outcome === 'created') {
      process.stderr.write(`Registered organisation ${values.org} in the local runtime at ${baseUrl}.\n`);
    }
  } catch (error) {
    const body = JSON.stringify(placeholderOrganisation(values.org));
    process.stderr.write(
      [
        error instanceof TypeError
          ? `No local runtime answers at ${baseUrl}, so organisation ${values.org} may not be registered yet.`
          : `Could not make sure organisation ${values.org} is registered (${(error as Error).message}).`,
        'Projects need a registered organisation. With the local runtime running (npm start), register it:',
        `  curl -X PUT -H "Authorization: Bearer $(npm run -s token -- --role admin)" -H 'content-type: application/json' \\`,
        `    -d '${body}' ${baseUrl}/organisations/${values.org}`,
        '',
      ].join('\n'),
    );
  }
}
