import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  MalformedInputError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
  VersionRequiredError,
} from '../../../../shared/domain/errors.ts';
import type { OrganisationInput } from '../../../../shared/domain/organisations/schema.ts';
import {
  audienceSyncRounds,
  MachineClientService,
  OrganisationService,
} from '../../../../shared/domain/organisations/service.ts';
import type { Principal } from '../../../../shared/domain/policy.ts';
import { ProjectService } from '../../../../shared/domain/projects/service.ts';
import {
  FakeAudience,
  FakeCredentialsIssuer,
  InMemoryOrganisations,
} from '../../../support/in-memory-organisations.ts';
import {
  InMemoryFxRates,
  InMemoryProjectRepository,
  sequentialUlids,
} from '../../../support/in-memory-projects.ts';
import { aProjectBody } from '../../../support/project-bodies.ts';

const now = '2026-12-03T07:00:00.000Z';
const admin: Principal = { subject: 'admin-1', roles: ['admin'] };
const reviewer: Principal = { subject: 'reviewer-1', roles: ['reviewer'] };
const submitterOf = (orgId: string): Principal => ({ subject: `sub-${orgId}`, roles: ['submitter'], orgId });
const viewerOf = (orgId: string): Principal => ({ subject: `view-${orgId}`, roles: ['viewer'], orgId });

function anOrganisationBody(overrides: Partial<OrganisationInput> = {}): OrganisationInput {
  return {
    name: 'Kanto Offshore Wind K.K.',
    country: 'JP',
    contacts: [{ email: 'mrv@kanto.example', name: 'MRV desk', roles: ['submitter', 'technical'] }],
    language: 'ja',
    ...overrides,
  };
}

function aWorld() {
  const store = new InMemoryOrganisations();
  const issuer = new FakeCredentialsIssuer();
  const organisations = new OrganisationService({ organisations: store, now: () => now });
  const clients = new MachineClientService({ organisations: store, clients: store, issuer, now: () => now });
  return { store, issuer, organisations, clients };
}

async function aWorldWith(orgId: string) {
  const world = aWorld();
  await world.organisations.put(admin, orgId, anOrganisationBody(), undefined);
  return world;
}

describe('OrganisationService.put', () => {
  it('lets an admin create an organisation at version 1', async () => {
    const { organisations } = aWorld();

    const { organisation, outcome } = await organisations.put(
      admin,
      'org-a',
      anOrganisationBody(),
      undefined,
    );

    expect(outcome).toBe('created');
    expect(organisation).toMatchObject({ orgId: 'org-a', version: 1, createdAt: now, updatedAt: now });
  });

  it('refuses a submitter creating its own organisation (403) and hides others (404)', async () => {
    const { organisations } = aWorld();

    await expect(
      organisations.put(submitterOf('org-a'), 'org-a', anOrganisationBody(), undefined),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      organisations.put(submitterOf('org-b'), 'org-a', anOrganisationBody(), undefined),
    ).rejects.toThrow(NotFoundError);
  });

  it('lets the organisation’s submitter change contacts and language', async () => {
    const { organisations } = await aWorldWith('org-a');
    const body = anOrganisationBody({
      language: 'en',
      contacts: [{ email: 'new@kanto.example', roles: ['finance'] }],
    });

    const { organisation, outcome } = await organisations.put(submitterOf('org-a'), 'org-a', body, 1);

    expect(outcome).toBe('updated');
    expect(organisation).toMatchObject({ language: 'en', version: 2, contacts: body.contacts });
  });

  it.each([
    ['name', { name: 'Renamed K.K.' }],
    ['country', { country: 'US' }],
  ] as const)('refuses a submitter changing %s, naming the field', async (field, change) => {
    const { organisations } = await aWorldWith('org-a');

    await expect(
      organisations.put(submitterOf('org-a'), 'org-a', anOrganisationBody(change), 1),
    ).rejects.toThrow(new RegExp(`Only admins may change ${field}`));
  });

  it('refuses a viewer of the organisation (403)', async () => {
    const { organisations } = await aWorldWith('org-a');

    await expect(organisations.put(viewerOf('org-a'), 'org-a', anOrganisationBody(), 1)).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('needs If-Match to update (428) and refuses a stale one (412)', async () => {
    const { organisations } = await aWorldWith('org-a');
    const body = anOrganisationBody({ language: 'en' });

    await expect(organisations.put(admin, 'org-a', body, undefined)).rejects.toThrow(VersionRequiredError);
    await expect(organisations.put(admin, 'org-a', body, 7)).rejects.toThrow(VersionConflictError);
  });

  it('refuses If-Match on an organisation that does not exist yet (412)', async () => {
    const { organisations } = aWorld();

    await expect(organisations.put(admin, 'org-new', anOrganisationBody(), 1)).rejects.toThrow(
      VersionConflictError,
    );
  });

  it('answers unchanged, at the same version, for a body equal to what is stored', async () => {
    const { organisations } = await aWorldWith('org-a');

    const { organisation, outcome } = await organisations.put(admin, 'org-a', anOrganisationBody(), 1);

    expect(outcome).toBe('unchanged');
    expect(organisation.version).toBe(1);
  });

  it('names every bad field and stores nothing', async () => {
    const { organisations, store } = aWorld();
    const contacts = Array.from({ length: 21 }, (_, i) => ({
      email: `c${i}@x.example`,
      roles: ['finance' as const],
    }));

    const attempt = organisations.put(
      admin,
      'org-a',
      { ...anOrganisationBody({ contacts }), language: 'fr', country: 'XX' },
      undefined,
    );

    await expect(attempt).rejects.toThrow(ValidationError);
    const error = (await attempt.catch((e: ValidationError) => e)) as ValidationError;
    expect(error.errors.map((e) => e.path).sort()).toEqual(['contacts', 'country', 'language']);
    expect(store.organisations.size).toBe(0);
  });

  it('refuses a malformed organisation id naming it', async () => {
    const { organisations } = aWorld();

    await expect(organisations.put(admin, 'bad id!', anOrganisationBody(), undefined)).rejects.toThrow(
      ValidationError,
    );
  });
});

describe('OrganisationService.get and list', () => {
  it('shows an organisation to its own submitters and viewers, reviewers and admins, and 404 to others', async () => {
    const { organisations } = await aWorldWith('org-a');

    for (const principal of [submitterOf('org-a'), viewerOf('org-a'), reviewer, admin]) {
      expect((await organisations.get(principal, 'org-a')).orgId).toBe('org-a');
    }
    await expect(organisations.get(submitterOf('org-b'), 'org-a')).rejects.toThrow(NotFoundError);
    await expect(organisations.get(viewerOf('org-b'), 'org-a')).rejects.toThrow(NotFoundError);
  });

  it('pages through every organisation in id order for reviewers, and refuses submitters', async () => {
    const { organisations } = aWorld();
    for (const id of ['org-c', 'org-a', 'org-b'])
      await organisations.put(admin, id, anOrganisationBody(), undefined);

    const first = await organisations.list(reviewer, 2);
    const second = await organisations.list(reviewer, 2, first.nextCursor ?? undefined);

    expect(first.items.map((o) => o.orgId)).toEqual(['org-a', 'org-b']);
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items.map((o) => o.orgId)).toEqual(['org-c']);
    await expect(organisations.list(submitterOf('org-a'), 2)).rejects.toThrow(ForbiddenError);
  });

  it('refuses a cursor from another listing with 400', async () => {
    const { organisations } = aWorld();

    await expect(organisations.list(admin, 2, 'bm90LWEtY3Vyc29y')).rejects.toThrow(MalformedInputError);
  });
});

describe('MachineClientService', () => {
  it('registers a client with the identity provider and records its organisation, showing the secret once', async () => {
    const { clients, issuer, store } = await aWorldWith('org-a');

    const created = await clients.create(admin, 'org-a', {
      name: 'ERP sync',
      scopes: ['tracker/projects.write'],
    });

    expect(created).toMatchObject({
      orgId: 'org-a',
      name: 'ERP sync',
      scopes: ['tracker/projects.write'],
      tokenUrl: issuer.tokenUrl,
      createdBy: 'admin-1',
    });
    expect(created.clientSecret).toBe(`secret-of-${created.clientId}`);
    expect(issuer.registered.get(created.clientId)?.scopes).toEqual(['tracker/projects.write']);
    expect(JSON.stringify(store.clients.get(created.clientId))).not.toContain(created.clientSecret);
  });

  it('lists clients without secrets and revokes them everywhere', async () => {
    const { clients, issuer } = await aWorldWith('org-a');
    const created = await clients.create(admin, 'org-a', { name: 'ERP', scopes: ['tracker/read'] });

    const listed = await clients.list(admin, 'org-a', 25);
    await clients.revoke(admin, 'org-a', created.clientId);

    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).not.toHaveProperty('clientSecret');
    expect(issuer.registered.has(created.clientId)).toBe(false);
    expect((await clients.list(admin, 'org-a', 25)).items).toEqual([]);
  });

  it('answers 404 for a client of another organisation, and leaves it alone', async () => {
    const world = await aWorldWith('org-a');
    await world.organisations.put(admin, 'org-b', anOrganisationBody(), undefined);
    const created = await world.clients.create(admin, 'org-a', { name: 'ERP', scopes: ['tracker/read'] });

    await expect(world.clients.revoke(admin, 'org-b', created.clientId)).rejects.toThrow(NotFoundError);
    expect(world.issuer.registered.has(created.clientId)).toBe(true);
  });

  it('is for admins only; an unknown organisation is 404', async () => {
    const { clients } = await aWorldWith('org-a');
    const body = { name: 'ERP', scopes: ['tracker/read'] };

    await expect(clients.create(submitterOf('org-a'), 'org-a', body)).rejects.toThrow(ForbiddenError);
    await expect(clients.create(reviewer, 'org-a', body)).rejects.toThrow(ForbiddenError);
    await expect(clients.create(admin, 'org-missing', body)).rejects.toThrow(NotFoundError);
  });

  it('refuses unknown or repeated scopes, naming the field, and registers nothing', async () => {
    const { clients, issuer } = await aWorldWith('org-a');

    const attempt = clients.create(admin, 'org-a', {
      name: 'ERP',
      scopes: ['tracker/admin', 'tracker/read'],
    });

    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(
      clients.create(admin, 'org-a', { name: 'ERP', scopes: ['tracker/read', 'tracker/read'] }),
    ).rejects.toThrow(ValidationError);
    expect(issuer.registered.size).toBe(0);
  });

  it('deletes the identity provider’s client again when its record cannot be written', async () => {
    const world = await aWorldWith('org-a');
    world.store.addClient = async () => {
      throw new Error('database down');
    };

    await expect(
      world.clients.create(admin, 'org-a', { name: 'ERP', scopes: ['tracker/read'] }),
    ).rejects.toThrow('database down');
    expect(world.issuer.registered.size).toBe(0);
  });
});

describe('MachineClientService and the gateway’s audience', () => {
  const body = { name: 'ERP', scopes: ['tracker/read'] };

  async function aWorldWithAudience(capacity?: number) {
    const world = await aWorldWith('org-a');
    await world.organisations.put(admin, 'org-b', anOrganisationBody(), undefined);
    const audience = new FakeAudience(capacity);
    const clients = new MachineClientService({
      organisations: world.store,
      clients: world.store,
      issuer: world.issuer,
      audience,
      now: () => now,
    });
    return { ...world, clients, audience };
  }

  it('sets the audience to every live client of every organisation after each create and revoke', async () => {
    const { clients, audience } = await aWorldWithAudience();

    const a = await clients.create(admin, 'org-a', body);
    const b = await clients.create(admin, 'org-b', body);
    expect(audience.admitted).toEqual([a.clientId, b.clientId].sort());

    await clients.revoke(admin, 'org-a', a.clientId);
    expect(audience.admitted).toEqual([b.clientId]);
    expect(audience.updates).toHaveLength(3);
  });

  it('retries a failed update and succeeds without the caller noticing', async () => {
    const { clients, audience, store } = await aWorldWithAudience();
    audience.failures = audienceSyncRounds - 1;

    const created = await clients.create(admin, 'org-a', body);

    expect(audience.admitted).toEqual([created.clientId]);
    expect(store.clients.has(created.clientId)).toBe(true);
  });

  it('answers 503 when the audience cannot be updated, and undoes the create so that nothing is half-made', async () => {
    const { clients, audience, store, issuer } = await aWorldWithAudience();
    audience.failures = audienceSyncRounds;

    const error = await clients.create(admin, 'org-a', body).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toMatch(/none was created; try again/);
    expect(store.clients.size).toBe(0);
    expect(issuer.registered.size).toBe(0);
    // The retry of the request converges.
    const created = await clients.create(admin, 'org-a', body);
    expect(audience.admitted).toEqual([created.clientId]);
  });

  it('answers 503 when the audience cannot be updated after a revocation; the revocation holds, and the retry finishes the update', async () => {
    const { clients, audience, store, issuer } = await aWorldWithAudience();
    const created = await clients.create(admin, 'org-a', body);
    audience.failures = audienceSyncRounds;

    const error = await clients.revoke(admin, 'org-a', created.clientId).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(store.clients.has(created.clientId)).toBe(false);
    expect(issuer.registered.has(created.clientId)).toBe(false);
    expect(audience.admitted).toEqual([created.clientId]);

    await expect(clients.revoke(admin, 'org-a', created.clientId)).rejects.toThrow(NotFoundError);
    expect(audience.admitted).toEqual([]);
  });

  it('goes round again when another request’s client appeared between reading the clients and the update landing', async () => {
    const { clients, audience, store } = await aWorldWithAudience();
    // A concurrent create whose own update landed before this one: this stale update would drop it.
    audience.beforeAdmit = () =>
      store.addClient({
        clientId: 'concurrent',
        orgId: 'org-b',
        name: 'other',
        scopes: ['tracker/read'],
        createdAt: now,
        createdBy: 'admin-2',
      });

    const created = await clients.create(admin, 'org-a', body);

    expect(audience.updates).toEqual([[created.clientId], ['concurrent', created.clientId].sort()]);
    expect(audience.admitted).toEqual(['concurrent', created.clientId].sort());
  });

  it('refuses a client past the audience’s capacity with 409, creating nothing', async () => {
    const { clients, issuer, audience } = await aWorldWithAudience(2);
    await clients.create(admin, 'org-a', body);
    await clients.create(admin, 'org-b', body);

    const attempt = clients.create(admin, 'org-a', body);

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(/At most 2 machine clients can exist at once/);
    expect(issuer.registered.size).toBe(2);
    expect(audience.updates).toHaveLength(2);
  });
});

describe('ProjectService.create and organisations', () => {
  function aProjectService(store: InMemoryOrganisations) {
    return new ProjectService({
      projects: new InMemoryProjectRepository(),
      fx: new InMemoryFxRates({ 'JPY:2024': 0.0066 }),
      organisations: store,
      now: () => now,
      newId: sequentialUlids(),
    });
  }

  it('refuses a project for an organisation that is not registered, saying how to register it', async () => {
    const service = aProjectService(new InMemoryOrganisations());

    await expect(service.create(submitterOf('org-ghost'), aProjectBody())).rejects.toThrow(
      new ForbiddenError(
        'Your organisation org-ghost is not registered in the tracker; an admin registers it with PUT /organisations/org-ghost',
      ),
    );
  });

  it('creates the project once the organisation is registered', async () => {
    const { store } = await aWorldWith('org-a');

    const project = await aProjectService(store).create(submitterOf('org-a'), aProjectBody());

    expect(project.orgId).toBe('org-a');
  });
});
