/**
 * The local stand-in for the user pool's app clients (docs/machine-clients.md): the organisations
 * function registers machine clients here when it runs in the local runtime, and the local
 * issuer's token endpoint checks their credentials against it. Like Cognito it keeps each secret
 * only as a hash (scrypt, from `node:crypto`, with a per-client salt), never the secret itself.
 *
 * One JSON file in the local state folder. The local runtime is one process and the file is read
 * and written synchronously, so two requests never interleave a read-modify-write.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { ClientCredentialsIssuer, IssuedCredentials } from '../../domain/organisations/ports.ts';
import { isScope, type Scope } from '../../domain/scopes.ts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;

/** scrypt's recommended interactive cost (N = 2^14, r = 8, p = 1), 64-byte keys. */
const scryptParameters = { N: 16_384, r: 8, p: 1 } as const;
const keyLength = 64;

interface StoredClient {
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** `scrypt$<N>$<r>$<p>$<salt, base64url>$<key, base64url>`. */
  readonly secretHash: string;
  readonly createdAt: string;
}

interface RegistryFile {
  readonly clients: Record<string, StoredClient>;
}

async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, keyLength, scryptParameters);
  const { N, r, p } = scryptParameters;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [kind, N, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/** An id in the shape Cognito gives app clients: 26 lower-case letters and digits. */
function newClientId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(26)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** The registry of local machine clients, in one file. */
export class LocalClientRegistry implements ClientCredentialsIssuer {
  /**
   * @param file where the registry lives (beside the issuer's keys)
   * @param tokenUrlOf the token endpoint's URL, read when a client is created (the local runtime
   * knows its port only once it listens)
   */
  constructor(
    private readonly file: string,
    private readonly tokenUrlOf: () => string,
  ) {}

  get tokenUrl(): string {
    return this.tokenUrlOf();
  }

  async register(name: string, scopes: readonly Scope[]): Promise<IssuedCredentials> {
    const clientId = newClientId();
    const clientSecret = randomBytes(32).toString('base64url');
    const secretHash = await hashSecret(clientSecret);
    const registry = this.read();
    this.write({
      clients: {
        ...registry.clients,
        [clientId]: { name, scopes: [...scopes], secretHash, createdAt: new Date().toISOString() },
      },
    });
    return { clientId, clientSecret };
  }

  async deregister(clientId: string): Promise<void> {
    const { [clientId]: _gone, ...clients } = this.read().clients;
    this.write({ clients });
  }

  /** Whether a client with this id is registered (the audience check of the local gateway). */
  has(clientId: string): boolean {
    return Object.hasOwn(this.read().clients, clientId);
  }

  /**
   * The scopes of the client whose credentials these are, or undefined when the id is unknown or
   * the secret wrong (the two are not told apart, RFC 6749 §5.2 `invalid_client`).
   */
  async authenticate(clientId: string, clientSecret: string): Promise<readonly Scope[] | undefined> {
    const client = Object.hasOwn(this.read().clients, clientId) ? this.read().clients[clientId] : undefined;
    if (!client) return undefined;
    if (!(await secretMatches(clientSecret, client.secretHash))) return undefined;
    return client.scopes.filter(isScope);
  }

  private read(): RegistryFile {
    if (!existsSync(this.file)) return { clients: {} };
    return JSON.parse(readFileSync(this.file, 'utf8')) as RegistryFile;
  }

  /** Writes a new file and renames it over the old one, so a crash never leaves half a registry. */
  private write(registry: RegistryFile): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(registry, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
