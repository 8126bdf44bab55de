/**
 * The organisation and machine-client use cases (docs/machine-clients.md): admins register
 * partner organisations and their machine clients; an organisation's own submitters keep its
 * contacts and language up to date; reviewers and admins list them all.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import {
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
  VersionRequiredError,
} from '../errors.ts';
import type { Page } from '../pagination.ts';
import { assertAuthorized, authorize, type Principal } from '../policy.ts';
import { parseOrThrow } from '../validation.ts';
import type {
  ClientCredentialsIssuer,
  MachineClientAudience,
  MachineClientRepository,
  OrganisationRepository,
} from './ports.ts';
import {
  type CreatedMachineClient,
  type MachineClient,
  machineClientInputSchema,
  type Organisation,
  organisationInputSchema,
  orgIdSchema,
  submitterEditableFields,
} from './schema.ts';

export type OrganisationPutOutcome = 'created' | 'updated' | 'unchanged';

export interface OrganisationServiceDeps {
  readonly organisations: OrganisationRepository;
  /** The current time, ISO 8601 UTC. */
  readonly now: () => string;
}

const isOrgId = (value: string) => orgIdSchema.safeParse(value).success;

/** The fields only admins may change (the rest are `submitterEditableFields`). */
const adminOnlyFields = ['name', 'country'] as const;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class OrganisationService {
  constructor(private readonly deps: OrganisationServiceDeps) {}

  /**
   * `GET /organisations/{orgId}`.
   * @throws NotFoundError when it does not exist or the caller may not see it
   */
  async get(principal: Principal, orgId: string): Promise<Organisation> {
    assertAuthorized(principal, 'organisation:read', { orgId });
    const organisation = isOrgId(orgId) ? await this.deps.organisations.get(orgId) : undefined;
    if (!organisation) throw new NotFoundError('Organisation not found');
    return organisation;
  }

  /** `GET /organisations`: every organisation, in id order (reviewers and admins). */
  async list(principal: Principal, limit: number, cursor?: string): Promise<Page<Organisation>> {
    assertAuthorized(principal, 'organisation:list');
    const fingerprint = listingFingerprint('organisations', {});
    const after = cursor ? decodeCursor(fingerprint, cursor, isOrgId) : undefined;
    const { items, more } = await this.deps.organisations.list(limit, after);
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor(fingerprint, last.orgId) : null };
  }

  /**
   * `PUT /organisations/{orgId}`: admins create (no `If-Match`) and replace organisations; the
   * organisation's own submitters may change its contacts and language, and must send the other
   * fields unchanged.
   * @throws ForbiddenError naming the field a submitter may not change
   * @throws VersionRequiredError when an update has no `If-Match`; VersionConflictError when it is stale
   */
  async put(
    principal: Principal,
    orgId: string,
    body: unknown,
    ifMatchVersion: number | undefined,
  ): Promise<{ organisation: Organisation; outcome: OrganisationPutOutcome }> {
    assertAuthorized(principal, 'organisation:read', { orgId });
    if (!isOrgId(orgId)) {
      throw new ValidationError([
        {
          path: 'orgId',
          message:
            'Must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
        },
      ]);
    }
    const input = parseOrThrow(organisationInputSchema, body);
    const current = await this.deps.organisations.get(orgId);
    const now = this.deps.now();

    if (!current) {
      assertAuthorized(principal, 'organisation:create', { orgId });
      // If-Match names a version the client read; none exists, so the precondition cannot hold.
      if (ifMatchVersion !== undefined) throw new VersionConflictError('The organisation does not exist yet');
      const organisation: Organisation = { orgId, ...input, createdAt: now, updatedAt: now, version: 1 };
      await this.deps.organisations.put(organisation, undefined);
      return { organisation, outcome: 'created' };
    }

    assertAuthorized(principal, 'organisation:edit_contacts', { orgId });
    if (authorize(principal, 'organisation:edit_profile', { orgId }) !== 'allow') {
      const changed = adminOnlyFields.find((field) => !sameValue(input[field], current[field]));
      if (changed) {
        throw new ForbiddenError(
          `Only admins may change ${changed}; an organisation's submitters may change ${submitterEditableFields.join(' and ')}`,
        );
      }
    }
    if (ifMatchVersion === undefined) {
      throw new VersionRequiredError('Updating an organisation needs If-Match with the ETag you read');
    }
    if (ifMatchVersion !== current.version) {
      throw new VersionConflictError('The organisation changed since you read it');
    }
    const unchanged = (Object.keys(input) as Array<keyof typeof input>).every((field) =>
      sameValue(input[field], current[field]),
    );
    if (unchanged) return { organisation: current, outcome: 'unchanged' };
    const organisation: Organisation = { ...current, ...input, updatedAt: now, version: current.version + 1 };
    await this.deps.organisations.put(organisation, current.version);
    return { organisation, outcome: 'updated' };
  }
}

export interface MachineClientServiceDeps {
  readonly organisations: Pick<OrganisationRepository, 'get'>;
  readonly clients: MachineClientRepository;
  readonly issuer: ClientCredentialsIssuer;
  /**
   * The gateway's list of accepted clients, kept in step after every create and revoke (AWS);
   * absent where the gateway asks the client registry on each request (the local runtime).
   */
  readonly audience?: MachineClientAudience;
  readonly now: () => string;
}

const isClientId = (value: string) => /^[A-Za-z0-9_-]{1,128}$/.test(value);

/** Updates of the audience one request tries (each a read, an update and a read back) before 503. */
export const audienceSyncRounds = 3;

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((id) => set.has(id));
}

export class MachineClientService {
  constructor(private readonly deps: MachineClientServiceDeps) {}

  /**
   * `POST /organisations/{orgId}/clients`: registers a client with the identity provider and
   * records which organisation it acts for, then admits it to the gateway's audience. The secret is
   * in this answer only.
   * @throws ConflictError when the audience holds no more clients
   * @throws DependencyUnavailableError when the audience could not be updated (the client is undone)
   */
  async create(principal: Principal, orgId: string, body: unknown): Promise<CreatedMachineClient> {
    await this.existingOrganisation(principal, orgId);
    const input = parseOrThrow(machineClientInputSchema, body);
    const { audience } = this.deps;
    if (audience && (await this.deps.clients.allClientIds()).length >= audience.capacity) {
      throw new ConflictError(
        `At most ${audience.capacity} machine clients can exist at once (the API gateway accepts tokens of that many); revoke one before creating another`,
      );
    }
    const credentials = await this.deps.issuer.register(`${orgId} ${input.name}`, input.scopes);
    const client: MachineClient = {
      clientId: credentials.clientId,
      orgId,
      name: input.name,
      scopes: input.scopes,
      createdAt: this.deps.now(),
      createdBy: principal.subject,
    };
    try {
      await this.deps.clients.addClient(client);
    } catch (error) {
      // No record, no client: a client the tracker does not know would get tokens it refuses anyway,
      // but it must not linger in the identity provider either.
      await this.deps.issuer.deregister(credentials.clientId).catch(() => undefined);
      throw error;
    }
    if (audience) {
      try {
        await this.syncAudience(audience);
      } catch (error) {
        // A client the gateway refuses is no client: undo it, so that the 503 means "nothing was
        // created, ask again". Its id, if the update did land, is dropped by the next update, and
        // tokens for it cannot be had meanwhile because the identity provider no longer knows it.
        await this.deps.clients.removeClient(orgId, client.clientId).catch(() => undefined);
        await this.deps.issuer.deregister(client.clientId).catch(() => undefined);
        throw new DependencyUnavailableError(
          'The API gateway could not be told about the new machine client, so none was created; try again',
          5,
          { cause: error },
        );
      }
    }
    return { ...client, clientSecret: credentials.clientSecret, tokenUrl: this.deps.issuer.tokenUrl };
  }

  /** `GET /organisations/{orgId}/clients`: the organisation's live clients, without secrets. */
  async list(
    principal: Principal,
    orgId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<MachineClient>> {
    await this.existingOrganisation(principal, orgId);
    const fingerprint = listingFingerprint('machine-clients', { orgId });
    const after = cursor ? decodeCursor(fingerprint, cursor, isClientId) : undefined;
    const { items, more } = await this.deps.clients.listClients(orgId, limit, after);
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor(fingerprint, last.clientId) : null };
  }

  /**
   * `DELETE /organisations/{orgId}/clients/{clientId}`: deletes the client from the identity
   * provider first (no new tokens), then its record (its tokens are refused from the next request
   * on), then updates the gateway's audience. A retry after a failure between any two finishes the
   * job; the audience lagging is harmless meanwhile, as the record is what admits a request.
   * @throws DependencyUnavailableError when the audience could not be updated (the client is
   *   revoked all the same; a retry, answered 404, brings the audience up to date)
   */
  async revoke(principal: Principal, orgId: string, clientId: string): Promise<void> {
    await this.existingOrganisation(principal, orgId);
    const client = isClientId(clientId) ? await this.deps.clients.getClient(orgId, clientId) : undefined;
    if (!client) {
      // Possibly the retry of a revocation whose audience update failed: finish that first.
      if (isClientId(clientId)) await this.updateAudienceAfterRevoking();
      throw new NotFoundError('Machine client not found');
    }
    await this.deps.issuer.deregister(clientId);
    await this.deps.clients.removeClient(orgId, clientId);
    await this.updateAudienceAfterRevoking();
  }

  private async updateAudienceAfterRevoking(): Promise<void> {
    const { audience } = this.deps;
    if (!audience) return;
    try {
      await this.syncAudience(audience);
    } catch (error) {
      throw new DependencyUnavailableError(
        'The API gateway could not be told about the revoked machine client yet (its revocation holds); repeat the DELETE to finish',
        5,
        { cause: error },
      );
    }
  }

  /**
   * Sets the audience to the live clients as stored, not by adding or removing one, and reads them
   * back after the update: when another request's write slipped in between the read and the
   * update landing, it goes round again. So the update that lands last was computed after the last
   * write, whatever order concurrent requests' updates land in.
   */
  private async syncAudience(audience: MachineClientAudience): Promise<void> {
    let lastError: unknown = new Error('The machine clients kept changing while the audience was updated');
    for (let round = 0; round < audienceSyncRounds; round++) {
      try {
        const ids = await this.deps.clients.allClientIds();
        await audience.admit(ids);
        if (sameIds(ids, await this.deps.clients.allClientIds())) return;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  private async existingOrganisation(principal: Principal, orgId: string): Promise<void> {
    assertAuthorized(principal, 'clients:manage', { orgId });
    const organisation = isOrgId(orgId) ? await this.deps.organisations.get(orgId) : undefined;
    if (!organisation) throw new NotFoundError('Organisation not found');
  }
}
