/**
 * Turns options into a plan (world, network, the incident in every source, how many records each
 * source gets) and the plan into evidence files, one 5-minute slot at a time, every selected source
 * in turn. Only one slot's records exist at once, which is what lets the same code write a few
 * hundred records for a test or ten million for a benchmark.
 */
import { buildActors, type Actor } from './actors';
import { cloudTrailSource } from './cloudTrailSource';
import type { EvidenceFile, SlotSource } from './evidenceFile';
import { planFindingStory, type FindingFact } from './incidentFindings';
import { planNetworkStory, type NetworkFacts, type NetworkStory } from './incidentNetwork';
import type { FindingExport } from './findingActivity';
import { buildNetwork, type Network } from './network';
import { findingsSource, flowLogSource, resolverLogSource, type SourceContext } from './networkSources';
import { CorpusOptionError, resolveOptions, type CorpusOptions, type ResolvedCorpusOptions } from './options';
import { Prng, deriveSeed } from './prng';
import { SLOT_MS, buildSchedule, flatWeight, networkWeight, slotWeight, type Schedule } from './schedule';
import { minimumEvents, splitEvents, type SourceCounts, type SourceName } from './sources';
import { STORY_LEAD_MINUTES, STORY_TAIL_MINUTES, planStory, type Story, type TrailFacts } from './story';
import { buildWorld, type World } from './world';

/** Everything an investigator should end up knowing, from every source. */
export interface StoryFacts extends TrailFacts, NetworkFacts {
  findings: FindingFact[];
}

export interface CorpusPlan {
  options: ResolvedCorpusOptions;
  world: World;
  network: Network;
  story: Story;
  networkStory: NetworkStory;
  findings: FindingExport[];
  facts: StoryFacts;
  /** Records per source, story included; zero for sources not selected. */
  counts: SourceCounts;
  /** The story's records per source (whether or not the source is selected). */
  storyCounts: SourceCounts;
  actors: Actor[];
}

export function planCorpus(options: CorpusOptions = {}): CorpusPlan {
  const resolved = resolveOptions(options);
  const world = buildWorld(resolved.seed, resolved.accounts, resolved.regions);
  const network = buildNetwork(world);
  // The incident's first API call comes a little after the middle of the window, at a seed-chosen
  // second, with room before it for the reconnaissance and after it for GuardDuty's last update.
  const windowMs = resolved.durationMinutes * 60_000;
  const endMs = resolved.startMs + windowMs;
  const jitter = new Prng(deriveSeed(resolved.seed, 'story-start')).int(600) * 1000;
  const preferred = resolved.startMs + Math.floor((windowMs * 0.55) / 60_000) * 60_000 + jitter;
  const storyStart = Math.max(resolved.startMs + STORY_LEAD_MINUTES * 60_000, Math.min(preferred, endMs - STORY_TAIL_MINUTES * 60_000));
  const story = planStory(world, network, storyStart);
  const networkStory = planNetworkStory(resolved.seed, network, story);
  const findingStory = planFindingStory(world, network, story, networkStory, endMs);
  const storyCounts: SourceCounts = {
    cloudtrail: story.events.length,
    vpcflow: networkStory.flows.length,
    route53: networkStory.queries.length,
    guardduty: findingStory.exports.length,
  };
  const minimum = minimumEvents(resolved.sources, storyCounts);
  if (resolved.events < minimum) {
    throw new CorpusOptionError(`events must be at least ${minimum} for ${resolved.sources.join(',')}: the story alone is ${resolved.sources.reduce((n, s) => n + storyCounts[s], 0)} records, and each source needs some background`);
  }
  return {
    options: resolved,
    world,
    network,
    story,
    networkStory,
    findings: findingStory.exports,
    facts: { ...story.facts, ...networkStory.facts, findings: findingStory.facts },
    counts: splitEvents(resolved.events, resolved.sources, storyCounts),
    storyCounts,
    actors: buildActors(world, network),
  };
}

/** A source's background schedule: its count minus its story, spread over the window by `weight`. */
function scheduleFor(plan: CorpusPlan, source: SourceName, weight: (ms: number) => number): Schedule {
  const { startMs, durationMinutes } = plan.options;
  return buildSchedule(startMs, durationMinutes, plan.counts[source] - plan.storyCounts[source], weight);
}

function sourceFor(plan: CorpusPlan, source: SourceName): SlotSource {
  const byTime = <T>(items: readonly T[], time: (item: T) => number) => [...items].sort((a, b) => time(a) - time(b));
  const context = (weight: (ms: number) => number): SourceContext => ({ seed: plan.options.seed, network: plan.network, schedule: scheduleFor(plan, source, weight), startMs: plan.options.startMs });
  switch (source) {
    case 'cloudtrail':
      return cloudTrailSource({ options: plan.options, schedule: scheduleFor(plan, source, slotWeight), story: plan.story, actors: plan.actors });
    case 'vpcflow':
      return flowLogSource(context(networkWeight), byTime(plan.networkStory.flows, (f) => f.record.end as number));
    case 'route53':
      return resolverLogSource(context(networkWeight), byTime(plan.networkStory.queries, (q) => q.timeMs));
    case 'guardduty':
      return findingsSource(context(flatWeight), plan.findings);
  }
}

/**
 * Yields the corpus as evidence files in a fixed order (slot, then source, then each source's own
 * order). Pure: no I/O, and the same options always give the same files.
 */
export function* evidenceFiles(plan: CorpusPlan): Generator<EvidenceFile> {
  const sources = plan.options.sources.map((s) => sourceFor(plan, s));
  const slots = Math.ceil((plan.options.durationMinutes * 60_000) / SLOT_MS);
  for (let slot = 0; slot < slots; slot++) {
    for (const source of sources) yield* source.files(slot);
  }
}
