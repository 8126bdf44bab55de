/**
 * A fixed set of published projects for the IATI file's format test (`iati-format.test.ts`): every
 * input is derived from the project's index, ids and clocks included, so the file written from it is
 * the same on every run. The projects cover every element the file can carry (description or none,
 * location or none, pipeline, running and closed projects, commitments with and without
 * disbursements, every technology, role and instrument), with names and texts that need escaping or
 * are not ASCII.
 */
import { changeStatus, createProject, reviewProject } from '../../../../shared/domain/projects/project.ts';
import {
  type InvestmentInput,
  investmentInstruments,
  type Project,
  type ProjectCreateInput,
  participantRoles,
  technologies,
} from '../../../../shared/domain/projects/schema.ts';
import { InMemoryProjectRepository } from '../../../support/in-memory-projects.ts';
import { aContext, aProjectInput, aReviewer } from '../factories.ts';

/** How many projects the sample holds: more than one page at the page size the test uses. */
export const sampleProjectCount = 60;

const names = [
  'A & B <x> "q" \'a\' ]]>',
  '北海道洋上風力発電実証「はまなす」',
  'Wind & <solar> "hybrid"',
  'Tōhoku geothermal — phase 2 (50 MW)',
  "O'Hare microgrid <pilot>",
];

const summaries = [
  'A floating offshore wind farm built with a US technology provider.',
  '',
  '日米協力による水素サプライチェーン実証。\n第二段階では <アンモニア> 混焼 & 輸送を行う。',
  'Line one\n\tindented "quoted" line two > line one',
];

const currencies = ['JPY', 'USD', 'EUR'];

function inputOf(i: number): ProjectCreateInput {
  const technology = technologies[i % technologies.length] ?? 'other';
  const investments: InvestmentInput[] = investmentInstruments.slice(0, i % 4).map((instrument, k) => ({
    investorCountry: k % 2 ? 'US' : 'JP',
    amount: (i + 1) * 1_000_000 + k * 0.25 + (i % 3) * 0.5,
    currency: currencies[(i + k) % currencies.length] ?? 'USD',
    committedOn: `2024-0${(k % 9) + 1}-1${i % 10}`,
    instrument,
  }));
  return aProjectInput({
    name: `${names[i % names.length]} #${i}`,
    summary: summaries[i % summaries.length] ?? '',
    technology,
    hostCountry: i % 3 ? 'JP' : 'US',
    ...(i % 5 === 4
      ? { location: { accuracy: 'approximate' } }
      : {
          location: {
            lat: 30 + (i % 15) + (i % 7) / 10,
            lon: 130 + (i % 11) - (i % 4) * 0.125,
            accuracy: i % 2 ? 'exact' : 'approximate',
          },
        }),
    participants: participantRoles.slice(0, (i % 3) + 1).map((role, r) => ({
      name: r === 0 ? `${names[(i + 1) % names.length]} partner` : `${role} ${i}-${r}`,
      country: r % 2 ? 'US' : 'JP',
      role,
    })),
    status: i % 4 === 0 ? 'announced' : 'operating',
    statusEffectiveDate: `20${20 + (i % 5)}-0${(i % 9) + 1}-01`,
    investments,
  });
}

/** The sample stored as the domain stores it: created, accepted, and some closed or given disbursements. */
export async function sampleProjects(): Promise<InMemoryProjectRepository> {
  const repository = new InMemoryProjectRepository();
  let issued = 0;
  const newId = () => {
    issued += 1;
    return `01JXKR${String(issued).padStart(20, '0')}`;
  };
  for (let i = 0; i < sampleProjectCount; i += 1) {
    const now = `2025-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}T0${i % 10}:15:00.000Z`;
    const ctx = aContext({ newId, now });
    const created = createProject(inputOf(i), ctx);
    await repository.create(created.project, created.audit);
    const accepted = reviewProject(
      created.project,
      { decision: 'accepted', comment: 'ok' },
      { principal: aReviewer(), now },
    );
    await repository.update(created.project, accepted.project, accepted.audit);
    const next = laterChange(i, accepted.project, now);
    if (next) {
      const version = { ...next, reviewState: 'accepted' as const, acceptedVersion: next.version };
      await repository.update(accepted.project, version, { ...accepted.audit, version: next.version });
    }
  }
  return repository;
}

/** Every seventh running project retires; every third with investments records disbursements. */
function laterChange(i: number, project: Project, now: string): Project | undefined {
  if (project.status === 'operating' && i % 7 === 3) {
    return changeStatus(project, { status: 'retired', effectiveDate: '2024-12-31' }, { ...aContext(), now })
      .project;
  }
  if (project.investments.length > 0 && i % 3 === 0) {
    return {
      ...project,
      version: project.version + 1,
      investments: project.investments.map((investment, k) => ({
        ...investment,
        disbursements: Array.from({ length: (k % 2) + 1 }, (_, d) => ({
          date: `2025-0${d + 1}-15`,
          amount: Math.round(investment.amount / (d + 3)),
          usdAmount: 1_000 * (d + 1),
        })),
      })),
    };
  }
  return undefined;
}
