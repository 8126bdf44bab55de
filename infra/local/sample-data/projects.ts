/**
 * SAMPLE projects the local runtime loads on first start: ~30 illustrative Japan–U.S. clean-energy
 * cooperation projects in the style of what JUCIP (the 2021 Japan-U.S. Commercial and Industrial
 * Partnership) tracks, so that lists, maps, reviews and indicators have something to show.
 *
 * None of this is a real project record. Every name starts with "[Sample] ", every summary says it is
 * illustrative, every participant is a made-up organisation marked "(sample)", every submitting
 * organisation id starts with "sample-", and every external reference id is a fake `SAMPLE-…` id.
 * The themes (offshore wind in Japan, ammonia co-firing, US solar and storage with Japanese
 * investors, hydrogen hubs, SMRs, CCUS, geothermal…) echo the period's cooperation; the numbers are
 * plausible orders of magnitude, nothing more.
 *
 * How the loader uses an entry: POST `body` as `orgId`'s submitter (the body's `status` and
 * `statusEffectiveDate` register the status the project already had), then POST each `statusChanges`
 * entry to the status route in order, then, if `review` is given, POST it as a reviewer (no `review`
 * leaves the project `submitted`). Every effective date is on or before 2026-10-31, and every
 * investment's (currency, year) has a rate in `fx-rates.ts`.
 */
import type { z } from 'zod';
import type {
  LifecycleStatus,
  projectCreateSchema,
  ReviewDecision,
} from '../../../shared/domain/projects/schema.ts';
import { sampleFleet } from './fleet.ts';

export interface SampleProject {
  /** The submitting organisation, e.g. `sample-kanto-offshore`; always prefixed `sample-`. */
  readonly orgId: string;
  /** A valid `POST /projects` body (`projectCreateSchema` input). */
  readonly body: unknown;
  /** Later lifecycle transitions, in order, each allowed from the one before, dates not decreasing. */
  readonly statusChanges?: ReadonlyArray<{ status: string; effectiveDate: string; note?: string }>;
  /** The reviewer's decision; absent leaves the project `submitted`. */
  readonly review?: { decision: 'accepted' | 'changes_requested' | 'rejected'; comment: string };
}

/** The same shape, typed tightly so that the compiler checks the bodies below. */
interface TypedSampleProject extends SampleProject {
  readonly body: z.input<typeof projectCreateSchema>;
  readonly statusChanges?: ReadonlyArray<{ status: LifecycleStatus; effectiveDate: string; note?: string }>;
  readonly review?: { decision: Exclude<ReviewDecision, 'withdrawn'>; comment: string };
}

/** The sentence every sample summary starts with. */
const disclaimer = 'Illustrative sample data, not a real project record.';

function summary(text: string): string {
  return `${disclaimer} ${text}`;
}

const orgs = {
  kantoOffshore: 'sample-kanto-offshore',
  atlanticBreeze: 'sample-atlantic-breeze',
  nihonHydrogen: 'sample-nihon-hydrogen',
  caprockCarbon: 'sample-caprock-carbon',
  sakuraInfra: 'sample-sakura-infra-fund',
  beppuGeothermal: 'sample-beppu-geothermal',
  pacificTransition: 'sample-pacific-transition-fund',
} as const;

const accepted = (comment = 'Checked against the submitted evidence; accepted.') =>
  ({ decision: 'accepted', comment }) as const;

const typedSampleProjects: TypedSampleProject[] = [
  // ---------------------------------------------------------------- offshore wind
  {
    orgId: orgs.kantoOffshore,
    body: {
      name: '[Sample] Hokkaido West Coast Offshore Wind Phase 1',
      summary: summary(
        'A fixed-bottom offshore wind farm off the Sea of Japan coast of Hokkaido, co-developed by a Japanese and a US developer, with US turbine-installation know-how.',
      ),
      technology: 'wind_offshore',
      technologyDetail: 'fixed-bottom monopiles, 15 MW-class turbines',
      programs: ['jucip'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-01', lat: 43.3, lon: 141.2, accuracy: 'approximate' },
      participants: [
        { name: 'Kanto Offshore Wind Partners (sample)', country: 'JP', role: 'developer', sharePct: 51 },
        { name: 'Atlantic Breeze Renewables (sample)', country: 'US', role: 'developer', sharePct: 49 },
        { name: 'Harborline Marine Installations (sample)', country: 'US', role: 'epc' },
      ],
      capacity: { value: 500, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 12_000_000_000,
          currency: 'JPY',
          committedOn: '2025-09-15',
          instrument: 'equity',
          disbursements: [
            { date: '2025-12-01', amount: 3_000_000_000 },
            { date: '2026-03-02', amount: 2_500_000_000 },
          ],
        },
        {
          investorCountry: 'US',
          amount: 85_000_000,
          currency: 'USD',
          committedOn: '2025-09-15',
          instrument: 'equity',
          disbursements: [{ date: '2026-01-15', amount: 40_000_000 }],
        },
      ],
      expected: {
        annualGenerationMwh: 1_750_000,
        annualReductionsTco2e: 800_000,
        source: 'Sample environmental impact assessment (illustrative)',
      },
      externalRefs: [{ system: 'other', id: 'SAMPLE-0001' }],
      status: 'announced',
      statusEffectiveDate: '2021-12-10',
    },
    statusChanges: [
      { status: 'feasibility', effectiveDate: '2022-06-01', note: 'Sea-area survey and grid study started.' },
      { status: 'fid', effectiveDate: '2025-09-15', note: 'Final investment decision by both partners.' },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.kantoOffshore,
    body: {
      name: '[Sample] Oga Peninsula Nearshore Wind',
      summary: summary(
        'A nearshore wind farm off the Oga Peninsula in Akita with a US infrastructure investor as minority owner and a Danish co-investor.',
      ),
      technology: 'wind_offshore',
      programs: ['jucip'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-05', lat: 39.9, lon: 139.8, accuracy: 'approximate' },
      participants: [
        { name: 'Oga Nearshore Wind Holdings (sample)', country: 'JP', role: 'owner', sharePct: 60 },
        {
          name: 'Granite State Infrastructure Partners (sample)',
          country: 'US',
          role: 'investor',
          sharePct: 30,
        },
        { name: 'Nordhavn Offshore Capital (sample)', country: 'DK', role: 'investor', sharePct: 5 },
      ],
      capacity: { value: 96, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 30_000_000_000,
          currency: 'JPY',
          committedOn: '2020-01-20',
          instrument: 'debt',
        },
        {
          investorCountry: 'US',
          amount: 120_000_000,
          currency: 'USD',
          committedOn: '2020-01-20',
          instrument: 'equity',
        },
        {
          investorCountry: 'DK',
          amount: 20_000_000,
          currency: 'EUR',
          committedOn: '2020-01-20',
          instrument: 'equity',
        },
      ],
      expected: {
        annualGenerationMwh: 290_000,
        annualReductionsTco2e: 132_000,
        source: 'Sample financing case (illustrative)',
      },
      externalRefs: [
        { system: 'other', id: 'SAMPLE-0002' },
        { system: 'gem', id: 'SAMPLE-GEM-0002' },
      ],
      status: 'construction',
      statusEffectiveDate: '2020-02-01',
    },
    statusChanges: [
      { status: 'operating', effectiveDate: '2023-06-15', note: 'Commercial operation started.' },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.atlanticBreeze,
    body: {
      name: '[Sample] Outer Bight Offshore Wind',
      summary: summary(
        'An offshore wind lease area off Long Island co-developed with a Japanese trading-house investor and a European co-investor; cancelled when the offtake price no longer covered costs.',
      ),
      technology: 'wind_offshore',
      programs: ['jucip', 'selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-NY', lat: 40.4, lon: -73.3, accuracy: 'approximate' },
      participants: [
        { name: 'Outer Bight Wind LLC (sample)', country: 'US', role: 'developer', sharePct: 45 },
        { name: 'Minato Trading & Energy (sample)', country: 'JP', role: 'investor', sharePct: 40 },
        { name: 'Nordhavn Offshore Capital (sample)', country: 'DK', role: 'investor', sharePct: 15 },
      ],
      capacity: { value: 1200, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 40_000_000,
          currency: 'USD',
          committedOn: '2022-03-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'DK',
          amount: 15_000_000,
          currency: 'EUR',
          committedOn: '2022-03-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'gem', id: 'SAMPLE-GEM-0003' }],
      status: 'announced',
      statusEffectiveDate: '2021-11-20',
    },
    statusChanges: [
      { status: 'feasibility', effectiveDate: '2022-03-01' },
      {
        status: 'cancelled',
        effectiveDate: '2023-11-15',
        note: 'Offtake agreement terminated after cost increases; lease returned.',
      },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.kantoOffshore,
    body: {
      name: '[Sample] Tsushima Strait Floating Wind Demonstration',
      summary: summary(
        'A floating offshore wind demonstration off Nagasaki using a US-designed semi-submersible foundation, with Japanese public grant support.',
      ),
      technology: 'wind_offshore',
      technologyDetail: 'floating semi-submersible foundations',
      programs: ['jucip', 'core_partnership'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-42', lat: 34.3, lon: 129.4, accuracy: 'approximate' },
      participants: [
        {
          name: 'Tsushima Floating Wind Consortium (sample)',
          country: 'JP',
          role: 'developer',
          sharePct: 80,
        },
        {
          name: 'Cascade Floating Foundations (sample)',
          country: 'US',
          role: 'technology_provider',
          sharePct: 20,
        },
      ],
      capacity: { value: 12, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 9_500_000_000,
          currency: 'JPY',
          committedOn: '2022-04-01',
          instrument: 'grant',
        },
        {
          investorCountry: 'US',
          amount: 15_000_000,
          currency: 'USD',
          committedOn: '2022-04-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0004' }],
      status: 'fid',
      statusEffectiveDate: '2022-04-01',
    },
    statusChanges: [
      { status: 'construction', effectiveDate: '2023-05-10' },
      {
        status: 'operating',
        effectiveDate: '2025-11-01',
        note: 'Grid connection and start of demonstration run.',
      },
    ],
    review: accepted(),
  },
  // ---------------------------------------------------------------- onshore wind
  {
    orgId: orgs.atlanticBreeze,
    body: {
      name: '[Sample] High Plains Wind Farm',
      summary: summary('An onshore wind farm in Wyoming with a Japanese minority equity investor.'),
      technology: 'wind_onshore',
      programs: ['selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-WY', lat: 41.8, lon: -106.3, accuracy: 'approximate' },
      participants: [
        { name: 'High Plains Wind Partners (sample)', country: 'US', role: 'owner', sharePct: 70 },
        { name: 'Shirakawa Renewable Capital (sample)', country: 'JP', role: 'investor', sharePct: 30 },
      ],
      capacity: { value: 250, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 8_000_000_000,
          currency: 'JPY',
          committedOn: '2019-05-20',
          instrument: 'equity',
        },
        {
          investorCountry: 'US',
          amount: 300_000_000,
          currency: 'USD',
          committedOn: '2019-05-20',
          instrument: 'debt',
        },
      ],
      expected: {
        annualGenerationMwh: 870_000,
        annualReductionsTco2e: 350_000,
        source: 'Sample financing case (illustrative)',
      },
      externalRefs: [{ system: 'other', id: 'SAMPLE-0005' }],
      status: 'construction',
      statusEffectiveDate: '2019-06-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2020-11-15' }],
    review: accepted(),
  },
  {
    orgId: orgs.kantoOffshore,
    body: {
      name: '[Sample] Shimokita Ridge Onshore Wind',
      summary: summary(
        'An onshore wind project in Aomori co-developed with a US developer, in feasibility study.',
      ),
      technology: 'wind_onshore',
      programs: ['jucip'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-02', lat: 40.9, lon: 141.3, accuracy: 'approximate' },
      participants: [
        { name: 'Hokkai Seaside Energy (sample)', country: 'JP', role: 'developer', sharePct: 40 },
        { name: 'Atlantic Breeze Renewables (sample)', country: 'US', role: 'developer', sharePct: 40 },
      ],
      capacity: { value: 90, unit: 'MW' },
      investments: [],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0006' }],
      status: 'feasibility',
      statusEffectiveDate: '2023-04-01',
    },
    review: {
      decision: 'changes_requested',
      comment: 'Please give the remaining 20% of the shares and the environmental impact assessment stage.',
    },
  },
  // ---------------------------------------------------------------- solar
  {
    orgId: orgs.atlanticBreeze,
    body: {
      name: '[Sample] Permian Sun Solar',
      summary: summary('A utility-scale solar plant in West Texas with a Japanese equity partner.'),
      technology: 'solar_pv',
      technologyDetail: 'single-axis trackers, bifacial modules',
      programs: ['jucip', 'selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-TX', lat: 31.5, lon: -102.3, accuracy: 'approximate' },
      participants: [
        { name: 'Permian Sun Energy (sample)', country: 'US', role: 'developer', sharePct: 51 },
        { name: 'Minato Trading & Energy (sample)', country: 'JP', role: 'investor', sharePct: 49 },
      ],
      capacity: { value: 300, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 20_000_000_000,
          currency: 'JPY',
          committedOn: '2022-08-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'US',
          amount: 180_000_000,
          currency: 'USD',
          committedOn: '2022-08-01',
          instrument: 'debt',
        },
      ],
      expected: {
        annualGenerationMwh: 690_000,
        annualReductionsTco2e: 275_000,
        source: 'Sample financing case (illustrative)',
      },
      externalRefs: [
        { system: 'other', id: 'SAMPLE-0007' },
        { system: 'gem', id: 'SAMPLE-GEM-0007' },
      ],
      status: 'fid',
      statusEffectiveDate: '2022-08-01',
    },
    statusChanges: [
      { status: 'construction', effectiveDate: '2022-10-15' },
      { status: 'operating', effectiveDate: '2024-05-01' },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.atlanticBreeze,
    body: {
      name: '[Sample] Mojave Ridge Solar',
      summary: summary(
        'A solar plant in California owned jointly by a Japanese and a US company; suspended for a few months after wildfire damage to an inverter station.',
      ),
      technology: 'solar_pv',
      programs: ['jucip'],
      hostCountry: 'US',
      location: { subdivision: 'US-CA', lat: 35.0, lon: -118.2, accuracy: 'approximate' },
      participants: [
        { name: 'Mojave Ridge Solar (sample)', country: 'US', role: 'owner', sharePct: 50 },
        { name: 'Sakura Infrastructure Fund (sample)', country: 'JP', role: 'owner', sharePct: 50 },
      ],
      capacity: { value: 150, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 160_000_000,
          currency: 'USD',
          committedOn: '2019-02-15',
          instrument: 'debt',
        },
        {
          investorCountry: 'JP',
          amount: 5_000_000_000,
          currency: 'JPY',
          committedOn: '2019-02-15',
          instrument: 'equity',
        },
      ],
      expected: {
        annualGenerationMwh: 345_000,
        annualReductionsTco2e: 80_000,
        source: 'Sample financing case (illustrative)',
      },
      externalRefs: [{ system: 'other', id: 'SAMPLE-0008' }],
      status: 'construction',
      statusEffectiveDate: '2019-03-01',
    },
    statusChanges: [
      { status: 'operating', effectiveDate: '2020-06-30' },
      { status: 'suspended', effectiveDate: '2024-08-20', note: 'Inverter station damaged by a wildfire.' },
      { status: 'operating', effectiveDate: '2025-02-10', note: 'Repairs complete; full output restored.' },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.sakuraInfra,
    body: {
      name: '[Sample] Aso Foothills Agrivoltaics',
      summary: summary(
        'Solar panels raised over working farmland in Kumamoto, using US tracker technology; the shares are not disclosed.',
      ),
      technology: 'solar_pv',
      technologyDetail: 'agrivoltaic, elevated trackers',
      programs: ['j_bridge'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-43', lat: 32.9, lon: 130.9, accuracy: 'approximate' },
      participants: [
        { name: 'Kumamoto Agri-Solar Cooperative (sample)', country: 'JP', role: 'developer' },
        { name: 'Sunfield Tracker Systems (sample)', country: 'US', role: 'technology_provider' },
      ],
      capacity: { value: 30, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 4_200_000_000,
          currency: 'JPY',
          committedOn: '2022-08-01',
          instrument: 'debt',
        },
      ],
      expected: {
        annualGenerationMwh: 40_000,
        annualReductionsTco2e: 18_000,
        source: 'Sample financing case (illustrative)',
      },
      externalRefs: [{ system: 'other', id: 'SAMPLE-0009' }],
      status: 'construction',
      statusEffectiveDate: '2022-09-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2023-07-01' }],
    review: accepted(),
  },
  {
    orgId: orgs.sakuraInfra,
    body: {
      name: '[Sample] Dong Nai Industrial Rooftop Solar',
      summary: summary(
        'Rooftop solar on factories in a southern Vietnamese industrial park, financed by a Japanese investor for a Vietnamese developer.',
      ),
      technology: 'solar_pv',
      technologyDetail: 'rooftop, behind-the-meter',
      programs: ['jucip', 'other'],
      hostCountry: 'VN',
      location: { lat: 10.95, lon: 106.85, accuracy: 'approximate' },
      participants: [
        { name: 'Sakura Infrastructure Fund (sample)', country: 'JP', role: 'investor', sharePct: 60 },
        { name: 'Dong Nai Industrial Rooftop JSC (sample)', country: 'VN', role: 'developer', sharePct: 40 },
      ],
      capacity: { value: 45, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 38_000_000,
          currency: 'USD',
          committedOn: '2023-05-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0010' }],
      status: 'construction',
      statusEffectiveDate: '2023-06-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2024-03-15' }],
    review: accepted(),
  },
  // ---------------------------------------------------------------- storage
  {
    orgId: orgs.atlanticBreeze,
    body: {
      name: '[Sample] Sonoran Valley Battery Storage',
      summary: summary(
        'A 200 MW / 800 MWh battery near Phoenix with a Japanese equity partner and a Korean cell supplier investor.',
      ),
      technology: 'storage',
      technologyDetail: '4-hour lithium iron phosphate',
      programs: ['jucip', 'selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-AZ', lat: 33.3, lon: -112.4, accuracy: 'approximate' },
      participants: [
        { name: 'Sonoran Storage Partners (sample)', country: 'US', role: 'developer', sharePct: 55 },
        { name: 'Shirakawa Renewable Capital (sample)', country: 'JP', role: 'investor', sharePct: 40 },
        { name: 'Hangang Energy Investment (sample)', country: 'KR', role: 'investor', sharePct: 5 },
      ],
      capacity: { value: 800, unit: 'MWh' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 15_000_000_000,
          currency: 'JPY',
          committedOn: '2023-08-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'US',
          amount: 250_000_000,
          currency: 'USD',
          committedOn: '2023-08-01',
          instrument: 'debt',
        },
        {
          investorCountry: 'KR',
          amount: 13_000_000_000,
          currency: 'KRW',
          committedOn: '2023-08-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0011' }],
      status: 'construction',
      statusEffectiveDate: '2023-09-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2025-03-01' }],
    review: accepted(),
  },
  {
    orgId: orgs.sakuraInfra,
    body: {
      name: '[Sample] Ishikari Grid Battery',
      summary: summary(
        'A grid-scale battery in Hokkaido to absorb wind and solar output, developed with a US storage developer.',
      ),
      technology: 'storage',
      programs: ['jucip'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-01', accuracy: 'approximate' },
      participants: [
        { name: 'Sonoran Storage Partners (sample)', country: 'US', role: 'developer', sharePct: 50 },
        { name: 'Hokkai Seaside Energy (sample)', country: 'JP', role: 'owner', sharePct: 50 },
      ],
      capacity: { value: 240, unit: 'MWh' },
      investments: [
        {
          investorCountry: 'US',
          amount: 60_000_000,
          currency: 'USD',
          committedOn: '2024-07-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'JP',
          amount: 6_000_000_000,
          currency: 'JPY',
          committedOn: '2024-07-01',
          instrument: 'debt',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0012' }],
      status: 'fid',
      statusEffectiveDate: '2024-07-01',
    },
    statusChanges: [{ status: 'construction', effectiveDate: '2025-04-01' }],
  },
  {
    orgId: orgs.pacificTransition,
    body: {
      name: '[Sample] Genkai Coast Battery Storage',
      summary: summary('A proposed battery in Fukuoka to reduce solar curtailment, with a US investor.'),
      technology: 'storage',
      programs: ['jucip'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-40', accuracy: 'approximate' },
      participants: [
        { name: 'Genkai Grid Storage (sample)', country: 'JP', role: 'developer' },
        { name: 'Pacific Transition Fund (sample)', country: 'US', role: 'investor' },
      ],
      capacity: { value: 120, unit: 'MWh' },
      investments: [],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0013' }],
      status: 'announced',
      statusEffectiveDate: '2025-02-01',
    },
    review: {
      decision: 'rejected',
      comment:
        'Duplicate: the same site was submitted earlier by another organisation; please coordinate with them.',
    },
  },
  // ---------------------------------------------------------------- hydrogen
  {
    orgId: orgs.nihonHydrogen,
    body: {
      name: '[Sample] Great Basin Green Hydrogen Hub',
      summary: summary(
        'Electrolytic hydrogen with salt-cavern storage in Utah, with a Japanese equity partner and a US federal loan guarantee.',
      ),
      technology: 'hydrogen',
      technologyDetail: 'alkaline electrolysis with salt-cavern storage',
      programs: ['jucip', 'selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-UT', lat: 39.4, lon: -112.6, accuracy: 'approximate' },
      participants: [
        { name: 'Great Basin Hydrogen Hub LLC (sample)', country: 'US', role: 'developer', sharePct: 51 },
        { name: 'Nihon Hydrogen Logistics (sample)', country: 'JP', role: 'investor', sharePct: 49 },
        { name: 'Sagebrush Federal Loan Office (sample)', country: 'US', role: 'government_agency' },
      ],
      capacity: { value: 30_000, unit: 't_h2_per_year' },
      investments: [
        {
          investorCountry: 'US',
          amount: 500_000_000,
          currency: 'USD',
          committedOn: '2022-06-01',
          instrument: 'guarantee',
        },
        {
          investorCountry: 'JP',
          amount: 10_000_000_000,
          currency: 'JPY',
          committedOn: '2022-06-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0014' }],
      status: 'fid',
      statusEffectiveDate: '2022-06-01',
    },
    statusChanges: [{ status: 'construction', effectiveDate: '2022-09-01' }],
    review: accepted(),
  },
  {
    orgId: orgs.nihonHydrogen,
    body: {
      name: '[Sample] Golden Triangle Hydrogen Export Study',
      summary: summary(
        'A proposed Gulf Coast hydrogen plant with a Japanese offtaker for export; cancelled after the feasibility study.',
      ),
      technology: 'hydrogen',
      programs: ['jucip'],
      hostCountry: 'US',
      location: { subdivision: 'US-TX', lat: 29.8, lon: -94.0, accuracy: 'approximate' },
      participants: [
        { name: 'Bayou Clean Molecules (sample)', country: 'US', role: 'developer', sharePct: 70 },
        { name: 'Nihon Hydrogen Logistics (sample)', country: 'JP', role: 'offtaker', sharePct: 30 },
      ],
      capacity: { value: 90_000, unit: 't_h2_per_year' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 12_000_000,
          currency: 'USD',
          committedOn: '2023-06-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0015' }],
      status: 'announced',
      statusEffectiveDate: '2022-11-01',
    },
    statusChanges: [
      { status: 'feasibility', effectiveDate: '2023-06-01' },
      { status: 'cancelled', effectiveDate: '2025-08-01', note: 'Offtake and tax-credit uncertainty.' },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.nihonHydrogen,
    body: {
      name: '[Sample] Pilbara Green Hydrogen Carrier Pilot',
      summary: summary(
        'A pilot producing electrolytic hydrogen in Western Australia and loading it into a liquid organic carrier for shipment to Japan, with a US research partner; retired when the pilot ended.',
      ),
      technology: 'hydrogen',
      technologyDetail: 'PEM electrolysis with MCH carrier, pilot scale',
      programs: ['jucip', 'other'],
      hostCountry: 'AU',
      location: { subdivision: 'AU-WA', lat: -20.7, lon: 116.8, accuracy: 'approximate' },
      participants: [
        { name: 'Nihon Hydrogen Logistics (sample)', country: 'JP', role: 'developer', sharePct: 50 },
        { name: 'Pilbara Hydrogen Pty Ltd (sample)', country: 'AU', role: 'owner', sharePct: 50 },
        { name: 'Lakeside Institute of Cryogenics (sample)', country: 'US', role: 'research' },
      ],
      capacity: { value: 100, unit: 't_h2_per_year' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 3_000_000_000,
          currency: 'JPY',
          committedOn: '2020-02-01',
          instrument: 'grant',
        },
        {
          investorCountry: 'AU',
          amount: 50_000_000,
          currency: 'AUD',
          committedOn: '2020-02-01',
          instrument: 'grant',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0016' }],
      status: 'construction',
      statusEffectiveDate: '2020-03-01',
    },
    statusChanges: [
      { status: 'operating', effectiveDate: '2021-01-15' },
      { status: 'retired', effectiveDate: '2022-06-30', note: 'Pilot programme completed.' },
    ],
    review: accepted(),
  },
  // ---------------------------------------------------------------- ammonia
  {
    orgId: orgs.nihonHydrogen,
    body: {
      name: '[Sample] Setouchi Coal Unit Ammonia Co-firing Demonstration',
      summary: summary(
        'Ammonia co-firing at a coal unit in Hiroshima with US-supplied ammonia burners; Japanese public grant funding.',
      ),
      technology: 'ammonia',
      technologyDetail: 'ammonia co-firing 20% (demonstration)',
      programs: ['jucip', 'core_partnership'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-34', accuracy: 'approximate' },
      participants: [
        { name: 'Setouchi Thermal Generation (sample)', country: 'JP', role: 'owner', sharePct: 100 },
        { name: 'Prairie Combustion Technologies (sample)', country: 'US', role: 'technology_provider' },
      ],
      capacity: { value: 400, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 12_000_000_000,
          currency: 'JPY',
          committedOn: '2022-12-01',
          instrument: 'grant',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0017' }],
      status: 'construction',
      statusEffectiveDate: '2023-06-01',
    },
    statusChanges: [
      { status: 'operating', effectiveDate: '2024-04-01', note: 'Demonstration firing started.' },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.nihonHydrogen,
    body: {
      name: '[Sample] Mississippi River Blue Ammonia',
      summary: summary(
        'A low-carbon ammonia plant in Louisiana with carbon capture, with Japanese and Korean equity and offtake; no capacity given yet.',
      ),
      technology: 'ammonia',
      technologyDetail: 'autothermal reforming with CCS',
      programs: ['jucip', 'selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-LA', lat: 30.1, lon: -90.9, accuracy: 'approximate' },
      participants: [
        { name: 'Bayou Clean Molecules (sample)', country: 'US', role: 'developer', sharePct: 55 },
        { name: 'Minato Trading & Energy (sample)', country: 'JP', role: 'investor', sharePct: 35 },
        { name: 'Hangang Energy Investment (sample)', country: 'KR', role: 'offtaker' },
      ],
      investments: [
        {
          investorCountry: 'JP',
          amount: 25_000_000_000,
          currency: 'JPY',
          committedOn: '2024-04-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'US',
          amount: 1_200_000_000,
          currency: 'USD',
          committedOn: '2024-04-01',
          instrument: 'debt',
        },
        {
          investorCountry: 'KR',
          amount: 50_000_000_000,
          currency: 'KRW',
          committedOn: '2024-04-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [
        { system: 'other', id: 'SAMPLE-0018' },
        { system: 'gem', id: 'SAMPLE-GEM-0018' },
      ],
      status: 'fid',
      statusEffectiveDate: '2024-04-01',
    },
    statusChanges: [{ status: 'construction', effectiveDate: '2024-10-01' }],
    review: accepted(),
  },
  {
    orgId: orgs.nihonHydrogen,
    body: {
      name: '[Sample] Banten Coal Plant Ammonia Co-firing Study',
      summary: summary(
        'A feasibility study for ammonia co-firing at a coal plant in Indonesia, led by a Japanese engineering firm with an Indonesian utility.',
      ),
      technology: 'ammonia',
      technologyDetail: 'ammonia co-firing feasibility study',
      programs: ['jucip', 'other'],
      hostCountry: 'ID',
      location: { subdivision: 'ID-BT', accuracy: 'approximate' },
      participants: [
        {
          name: 'Yamato Engineering Works (sample)',
          country: 'JP',
          role: 'technology_provider',
          sharePct: 50,
        },
        { name: 'Banten Power Generation (sample)', country: 'ID', role: 'owner', sharePct: 50 },
      ],
      capacity: { value: 660, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 300_000_000,
          currency: 'JPY',
          committedOn: '2024-02-01',
          instrument: 'grant',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0019' }],
      status: 'feasibility',
      statusEffectiveDate: '2024-02-01',
    },
    review: {
      decision: 'changes_requested',
      comment: "Please confirm the host unit's capacity and link the study's terms of reference.",
    },
  },
  // ---------------------------------------------------------------- CCUS
  {
    orgId: orgs.caprockCarbon,
    body: {
      name: '[Sample] Caprock Gas Processing Carbon Capture',
      summary: summary(
        'Carbon capture at a West Texas gas processing plant with a Japanese minority investor and Japanese capture solvent technology.',
      ),
      technology: 'ccus',
      technologyDetail: 'amine capture, saline storage',
      programs: ['jucip'],
      hostCountry: 'US',
      location: { subdivision: 'US-TX', lat: 32.0, lon: -102.0, accuracy: 'approximate' },
      participants: [
        { name: 'Caprock Carbon Capture (sample)', country: 'US', role: 'owner', sharePct: 70 },
        { name: 'Shirakawa Renewable Capital (sample)', country: 'JP', role: 'investor', sharePct: 30 },
        { name: 'Yamato Engineering Works (sample)', country: 'JP', role: 'technology_provider' },
      ],
      capacity: { value: 500_000, unit: 't_co2_per_year' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 90_000_000,
          currency: 'USD',
          committedOn: '2022-02-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'US',
          amount: 210_000_000,
          currency: 'USD',
          committedOn: '2022-02-01',
          instrument: 'debt',
        },
      ],
      externalRefs: [
        { system: 'other', id: 'SAMPLE-0020' },
        { system: 'gem', id: 'SAMPLE-GEM-0020' },
      ],
      status: 'construction',
      statusEffectiveDate: '2022-03-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2023-12-01' }],
    review: accepted(),
  },
  {
    orgId: orgs.caprockCarbon,
    body: {
      name: '[Sample] Top End CCS Hub',
      summary: summary(
        'A carbon storage hub near Darwin for regional emitters, with Japanese equity, Australian development and US subsurface technology.',
      ),
      technology: 'ccus',
      programs: ['jucip', 'other'],
      hostCountry: 'AU',
      location: { subdivision: 'AU-NT', lat: -12.5, lon: 130.9, accuracy: 'approximate' },
      participants: [
        { name: 'Top End Carbon Storage Pty Ltd (sample)', country: 'AU', role: 'developer', sharePct: 50 },
        { name: 'Minato Trading & Energy (sample)', country: 'JP', role: 'investor', sharePct: 25 },
        { name: 'Caprock Carbon Capture (sample)', country: 'US', role: 'technology_provider' },
      ],
      capacity: { value: 2_000_000, unit: 't_co2_per_year' },
      investments: [
        {
          investorCountry: 'AU',
          amount: 120_000_000,
          currency: 'AUD',
          committedOn: '2025-06-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'JP',
          amount: 9_000_000_000,
          currency: 'JPY',
          committedOn: '2025-06-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0021' }],
      status: 'feasibility',
      statusEffectiveDate: '2022-05-01',
    },
    statusChanges: [{ status: 'fid', effectiveDate: '2025-06-01' }],
  },
  // ---------------------------------------------------------------- nuclear
  {
    orgId: orgs.caprockCarbon,
    body: {
      name: '[Sample] Ohio Valley Coal-to-SMR Repowering',
      summary: summary(
        'A light-water small modular reactor at a retiring coal plant site in Ohio, with Japanese component supply and a small Japanese equity stake.',
      ),
      technology: 'nuclear',
      technologyDetail: 'light-water small modular reactor',
      programs: ['jucip', 'core_partnership'],
      hostCountry: 'US',
      location: { subdivision: 'US-OH', lat: 39.4, lon: -81.4, accuracy: 'approximate' },
      participants: [
        { name: 'Ohio Valley SMR Development (sample)', country: 'US', role: 'developer', sharePct: 90 },
        { name: 'Fuji Reactor Components (sample)', country: 'JP', role: 'technology_provider' },
        { name: 'Minato Trading & Energy (sample)', country: 'JP', role: 'investor', sharePct: 10 },
      ],
      capacity: { value: 320, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 20_000_000,
          currency: 'USD',
          committedOn: '2024-09-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0022' }],
      status: 'announced',
      statusEffectiveDate: '2023-03-01',
    },
    statusChanges: [
      { status: 'feasibility', effectiveDate: '2024-09-01', note: 'Site characterisation started.' },
    ],
    review: accepted(),
  },
  {
    orgId: orgs.caprockCarbon,
    body: {
      name: '[Sample] Snake River Microreactor Research Collaboration',
      summary: summary(
        'A microreactor research collaboration between a US laboratory and a Japanese institute.',
      ),
      technology: 'nuclear',
      technologyDetail: 'high-temperature gas microreactor (research)',
      programs: ['other'],
      hostCountry: 'US',
      location: { subdivision: 'US-ID', accuracy: 'approximate' },
      participants: [
        { name: 'Snake River Microreactor Lab (sample)', country: 'US', role: 'research' },
        { name: 'Tsukuba Energy Research Institute (sample)', country: 'JP', role: 'research' },
      ],
      capacity: { value: 5, unit: 'MW' },
      investments: [],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0023' }],
      status: 'announced',
      statusEffectiveDate: '2025-06-01',
    },
    review: {
      decision: 'rejected',
      comment: 'A research collaboration without a commercial project is outside the scope of this tracker.',
    },
  },
  // ---------------------------------------------------------------- geothermal
  {
    orgId: orgs.beppuGeothermal,
    body: {
      name: '[Sample] Kuju Highlands Binary Geothermal',
      summary: summary(
        'A binary-cycle geothermal plant in Oita drilled with US directional-drilling technology.',
      ),
      technology: 'geothermal',
      technologyDetail: 'binary cycle',
      programs: ['jucip', 'j_bridge'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-44', lat: 33.1, lon: 131.3, accuracy: 'approximate' },
      participants: [
        { name: 'Beppu Geothermal Development (sample)', country: 'JP', role: 'developer', sharePct: 85 },
        {
          name: 'Rocky Mountain Drilling Technologies (sample)',
          country: 'US',
          role: 'technology_provider',
          sharePct: 15,
        },
      ],
      capacity: { value: 7.5, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 3_800_000_000,
          currency: 'JPY',
          committedOn: '2022-03-01',
          instrument: 'debt',
        },
        {
          investorCountry: 'US',
          amount: 4_000_000,
          currency: 'USD',
          committedOn: '2022-03-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0024' }],
      status: 'construction',
      statusEffectiveDate: '2022-04-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2024-01-15' }],
    review: accepted(),
  },
  {
    orgId: orgs.beppuGeothermal,
    body: {
      name: '[Sample] Basin and Range Geothermal',
      summary: summary('A geothermal plant in Nevada with Japanese turbines and a Japanese equity partner.'),
      technology: 'geothermal',
      programs: ['jucip', 'selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-NV', lat: 39.5, lon: -118.8, accuracy: 'approximate' },
      participants: [
        { name: 'Basin & Range Geothermal (sample)', country: 'US', role: 'owner', sharePct: 55 },
        { name: 'Beppu Geothermal Development (sample)', country: 'JP', role: 'investor', sharePct: 45 },
        { name: 'Yamato Engineering Works (sample)', country: 'JP', role: 'technology_provider' },
      ],
      capacity: { value: 30, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 6_000_000_000,
          currency: 'JPY',
          committedOn: '2019-04-15',
          instrument: 'equity',
        },
        {
          investorCountry: 'US',
          amount: 70_000_000,
          currency: 'USD',
          committedOn: '2019-04-15',
          instrument: 'debt',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0025' }],
      status: 'construction',
      statusEffectiveDate: '2019-05-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2021-02-01' }],
    review: {
      decision: 'changes_requested',
      comment:
        'Please list the turbine supply contract as its own investment or remove the amount from the equity line.',
    },
  },
  {
    orgId: orgs.beppuGeothermal,
    body: {
      name: '[Sample] North Sumatra Highlands Geothermal',
      summary: summary(
        'A geothermal plant in the North Sumatra highlands financed by Japanese lenders, with a US drilling contractor as EPC.',
      ),
      technology: 'geothermal',
      programs: ['jucip', 'other'],
      hostCountry: 'ID',
      location: { subdivision: 'ID-SU', lat: 2.0, lon: 99.0, accuracy: 'approximate' },
      participants: [
        { name: 'Sumatra Highlands Panas Bumi (sample)', country: 'ID', role: 'developer', sharePct: 60 },
        { name: 'Beppu Geothermal Development (sample)', country: 'JP', role: 'investor', sharePct: 40 },
        { name: 'Rocky Mountain Drilling Technologies (sample)', country: 'US', role: 'epc' },
      ],
      capacity: { value: 110, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 150_000_000,
          currency: 'USD',
          committedOn: '2023-02-01',
          instrument: 'debt',
        },
        {
          investorCountry: 'JP',
          amount: 8_000_000_000,
          currency: 'JPY',
          committedOn: '2023-02-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0026' }],
      status: 'fid',
      statusEffectiveDate: '2023-02-01',
    },
    statusChanges: [{ status: 'construction', effectiveDate: '2023-09-01' }],
    review: accepted(),
  },
  // ---------------------------------------------------------------- hydro
  {
    orgId: orgs.sakuraInfra,
    body: {
      name: '[Sample] Kiso Valley Small Hydro Repowering',
      summary: summary(
        'Repowering of small run-of-river hydro plants in Nagano, bought into by a US infrastructure fund.',
      ),
      technology: 'hydro',
      technologyDetail: 'run-of-river repowering',
      programs: ['jucip'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-20', lat: 35.8, lon: 137.7, accuracy: 'approximate' },
      participants: [
        {
          name: 'Granite State Infrastructure Partners (sample)',
          country: 'US',
          role: 'investor',
          sharePct: 60,
        },
        { name: 'Kiso Small Hydro (sample)', country: 'JP', role: 'owner', sharePct: 40 },
      ],
      capacity: { value: 12, unit: 'MW' },
      investments: [
        {
          investorCountry: 'US',
          amount: 35_000_000,
          currency: 'USD',
          committedOn: '2021-04-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'JP',
          amount: 1_200_000_000,
          currency: 'JPY',
          committedOn: '2021-04-01',
          instrument: 'debt',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0027' }],
      status: 'construction',
      statusEffectiveDate: '2021-05-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2022-10-01' }],
    review: accepted(),
  },
  // ---------------------------------------------------------------- bioenergy
  {
    orgId: orgs.pacificTransition,
    body: {
      name: '[Sample] Ocmulgee Biomass Power',
      summary: summary(
        'A wood-residue biomass power plant in Georgia with a Japanese equity partner; suspended after a fuel-yard fire.',
      ),
      technology: 'bioenergy',
      technologyDetail: 'forestry residue, steam turbine',
      programs: ['jucip'],
      hostCountry: 'US',
      location: { subdivision: 'US-GA', lat: 32.0, lon: -82.9, accuracy: 'approximate' },
      participants: [
        { name: 'Ocmulgee Biopower (sample)', country: 'US', role: 'owner', sharePct: 70 },
        { name: 'Pacific Transition Fund (sample)', country: 'US', role: 'investor' },
        { name: 'Shirakawa Renewable Capital (sample)', country: 'JP', role: 'investor', sharePct: 30 },
      ],
      capacity: { value: 50, unit: 'MW' },
      investments: [
        {
          investorCountry: 'JP',
          amount: 40_000_000,
          currency: 'USD',
          committedOn: '2019-09-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0028' }],
      status: 'construction',
      statusEffectiveDate: '2019-10-01',
    },
    statusChanges: [
      { status: 'operating', effectiveDate: '2021-03-01' },
      {
        status: 'suspended',
        effectiveDate: '2025-02-15',
        note: 'Fire at the fuel yard; restart under assessment.',
      },
    ],
    review: {
      decision: 'changes_requested',
      comment: "Please add evidence for the 2025 suspension and the Pacific Transition Fund's share.",
    },
  },
  // ---------------------------------------------------------------- grid
  {
    orgId: orgs.pacificTransition,
    body: {
      name: '[Sample] Leeward Oahu Community Microgrid',
      summary: summary(
        'A community microgrid on Oahu with Japanese grid-control technology and a US federal resilience grant.',
      ),
      technology: 'grid',
      technologyDetail: 'microgrid controller, islanding capability',
      programs: ['jucip', 'core_partnership'],
      hostCountry: 'US',
      location: { subdivision: 'US-HI', lat: 21.4, lon: -158.0, accuracy: 'approximate' },
      participants: [
        { name: 'Aloha Microgrid Cooperative (sample)', country: 'US', role: 'owner' },
        { name: 'Kitami Power Electronics (sample)', country: 'JP', role: 'technology_provider' },
      ],
      capacity: { value: 20, unit: 'MW' },
      investments: [
        {
          investorCountry: 'US',
          amount: 25_000_000,
          currency: 'USD',
          committedOn: '2022-06-01',
          instrument: 'grant',
        },
        {
          investorCountry: 'JP',
          amount: 1_500_000_000,
          currency: 'JPY',
          committedOn: '2022-06-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0029' }],
      status: 'construction',
      statusEffectiveDate: '2022-07-01',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2023-08-01' }],
    review: accepted(),
  },
  {
    orgId: orgs.sakuraInfra,
    body: {
      name: '[Sample] Hokkaido–Honshu HVDC Link Upgrade Concept',
      summary: summary(
        'A concept for more interconnection between Hokkaido and Honshu using US converter technology; just announced, no location or date given yet.',
      ),
      technology: 'grid',
      technologyDetail: 'HVDC, voltage-source converters',
      programs: ['jucip'],
      hostCountry: 'JP',
      participants: [
        { name: 'Sakura Infrastructure Fund (sample)', country: 'JP', role: 'investor' },
        { name: 'Lakeshore Grid Controls (sample)', country: 'US', role: 'technology_provider' },
      ],
      investments: [],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0030' }],
    },
  },
  // ---------------------------------------------------------------- efficiency
  {
    orgId: orgs.sakuraInfra,
    body: {
      name: '[Sample] Tokyo Bay Data Center Cooling Retrofit',
      summary: summary('An efficiency retrofit of a Tokyo data center with US liquid-cooling technology.'),
      technology: 'efficiency',
      technologyDetail: 'direct-to-chip liquid cooling',
      programs: ['j_bridge'],
      hostCountry: 'JP',
      location: { subdivision: 'JP-13', lat: 35.63, lon: 139.79, accuracy: 'approximate' },
      participants: [
        { name: 'Tokyo Bay Data Centers (sample)', country: 'JP', role: 'owner' },
        { name: 'Keystone Efficiency Services (sample)', country: 'US', role: 'technology_provider' },
      ],
      investments: [
        {
          investorCountry: 'US',
          amount: 18_000_000,
          currency: 'USD',
          committedOn: '2023-01-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0031' }],
      status: 'construction',
      statusEffectiveDate: '2023-01-15',
    },
    statusChanges: [{ status: 'operating', effectiveDate: '2023-11-01' }],
    review: {
      decision: 'changes_requested',
      comment: 'Please give the expected annual electricity savings so that reductions can be reported.',
    },
  },
  {
    orgId: orgs.pacificTransition,
    body: {
      name: '[Sample] Cavite Industrial Estate Efficiency Programme',
      summary: summary(
        'Energy-efficiency upgrades for factories in a Philippine industrial estate, with a Japanese investor and a US energy-services company.',
      ),
      technology: 'efficiency',
      programs: ['jucip', 'other'],
      hostCountry: 'PH',
      location: { subdivision: 'PH-CAV', lat: 14.3, lon: 120.9, accuracy: 'approximate' },
      participants: [
        {
          name: 'Cavite Industrial Estates Energy Corp. (sample)',
          country: 'PH',
          role: 'owner',
          sharePct: 50,
        },
        { name: 'Sakura Infrastructure Fund (sample)', country: 'JP', role: 'investor', sharePct: 30 },
        { name: 'Keystone Efficiency Services (sample)', country: 'US', role: 'epc' },
      ],
      investments: [
        {
          investorCountry: 'JP',
          amount: 1_000_000_000,
          currency: 'JPY',
          committedOn: '2024-11-01',
          instrument: 'equity',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0032' }],
      status: 'announced',
      statusEffectiveDate: '2024-05-01',
    },
    statusChanges: [{ status: 'feasibility', effectiveDate: '2024-11-01' }],
  },
  // ---------------------------------------------------------------- other
  {
    orgId: orgs.pacificTransition,
    body: {
      name: '[Sample] Sierra Battery Materials Recycling',
      summary: summary(
        'A lithium-ion battery materials recycling plant in Nevada with a Japanese equity partner; construction paused.',
      ),
      technology: 'other',
      technologyDetail: 'lithium-ion battery materials recycling',
      programs: ['selectusa'],
      hostCountry: 'US',
      location: { subdivision: 'US-NV', lat: 39.5, lon: -119.4, accuracy: 'approximate' },
      participants: [
        { name: 'Sierra Cell Recovery (sample)', country: 'US', role: 'developer', sharePct: 80 },
        { name: 'Minato Trading & Energy (sample)', country: 'JP', role: 'investor', sharePct: 20 },
      ],
      investments: [
        {
          investorCountry: 'JP',
          amount: 7_000_000_000,
          currency: 'JPY',
          committedOn: '2023-05-01',
          instrument: 'equity',
        },
        {
          investorCountry: 'US',
          amount: 200_000_000,
          currency: 'USD',
          committedOn: '2023-05-01',
          instrument: 'guarantee',
        },
      ],
      externalRefs: [{ system: 'other', id: 'SAMPLE-0033' }],
      status: 'fid',
      statusEffectiveDate: '2023-05-01',
    },
    statusChanges: [
      { status: 'construction', effectiveDate: '2024-01-10' },
      {
        status: 'suspended',
        effectiveDate: '2025-09-01',
        note: 'Construction paused pending offtake contracts.',
      },
    ],
    review: {
      decision: 'rejected',
      comment:
        'Battery materials recycling is supply-chain cooperation, outside the clean-energy project scope.',
    },
  },
];

/** The sample portfolio, in loading order: the hand-written projects, then the generated fleet (`fleet.ts`). */
export const sampleProjects: SampleProject[] = [...typedSampleProjects, ...sampleFleet];
