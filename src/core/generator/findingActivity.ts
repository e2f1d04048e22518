/**
 * When GuardDuty writes a finding to S3. A new finding appears a few minutes after the activity
 * (detection) and is exported within five minutes; while the activity repeats, the finding is
 * updated and the update exported at the detector's export frequency (15 minutes here). The
 * background is what internet-facing accounts always have: scanners probing the public web server,
 * and the travelling colleague's unusual sign-in location.
 */
import { hexId } from './awsIds';
import { travellerSession } from './actors';
import { TRAVELLER_IP, outsideAddress } from './internet';
import type { Network, Vpc } from './network';
import type { Prng } from './prng';
import type { JsonObject } from './record';
import { OPEN_WEB_PORTS } from './flowTraffic';
import { accessKeyResource, apiCallAction, findingJson, instanceResource, portProbeAction, type FindingIdentity, type FindingState } from './guardDutyFinding';

export const EXPORT_FREQUENCY_MS = 15 * 60_000;

export interface Occurrence {
  timeMs: number;
  action: JsonObject;
}

export interface FindingExport {
  vpc: Vpc;
  exportedMs: number;
  /** `updatedAt`, the time a reader sorts findings by. */
  updatedMs: number;
  json: JsonObject;
}

/** A random 32-hex finding id, as GuardDuty's look. */
export const findingId = (rng: Prng): string => hexId(rng, '', 32);

/**
 * Every export of one finding: the first a few minutes after its first occurrence, then one per
 * export period in which new occurrences were detected. Exports at or after `untilMs` are dropped.
 */
export function findingExports(rng: Prng, identity: FindingIdentity, occurrences: readonly Occurrence[], untilMs: number): FindingExport[] {
  const detectMs = rng.range(60, 300) * 1000 + rng.int(1000);
  const createdMs = occurrences[0]!.timeMs + detectMs;
  const detected = (boundaryMs: number) => occurrences.filter((o) => o.timeMs + detectMs <= boundaryMs).length;
  const out: FindingExport[] = [];
  const emit = (exportedMs: number, count: number) => {
    if (exportedMs >= untilMs) return;
    const last = occurrences[count - 1]!;
    const state: FindingState = {
      createdMs,
      updatedMs: count === 1 ? createdMs : last.timeMs + detectMs,
      firstSeenMs: occurrences[0]!.timeMs,
      lastSeenMs: last.timeMs,
      count,
      action: last.action,
    };
    out.push({ vpc: identity.vpc, exportedMs, updatedMs: state.updatedMs, json: findingJson(identity, state) });
  };
  const firstExport = createdMs + rng.range(30, 240) * 1000;
  let exported = Math.max(1, detected(firstExport));
  emit(firstExport, exported);
  for (let boundary = (Math.floor(firstExport / EXPORT_FREQUENCY_MS) + 1) * EXPORT_FREQUENCY_MS; exported < occurrences.length; boundary += EXPORT_FREQUENCY_MS) {
    const now = detected(boundary);
    if (now > exported) emit(boundary + rng.range(10, 120) * 1000, (exported = now));
  }
  return out;
}

interface Episode {
  identity: FindingIdentity;
  state: FindingState;
  lastExportMs: number;
}

/** A finding stops being updated when its activity stops; scanners move on within hours. */
const EPISODE_LIFETIME_MS = 6 * 3_600_000;

const TRAVELLER_CALLS: ReadonlyArray<[api: string, service: string]> = [
  ['DescribeInstances', 'ec2.amazonaws.com'], ['ListBuckets', 's3.amazonaws.com'], ['DescribeSecurityGroups', 'ec2.amazonaws.com'],
];

/**
 * Low-severity findings in the background, `count` exports per call, exactly. State carries over
 * between calls (slots), in time order, so later slots update findings earlier slots created.
 */
export class FindingBackground {
  private readonly webVpcs: Vpc[];
  private readonly travellerVpcs: Vpc[];
  private episodes: Episode[] = [];

  constructor(network: Network, private readonly seed: number, private readonly notBeforeMs: number) {
    this.webVpcs = network.vpcs.filter((v) => v.web !== undefined);
    this.travellerVpcs = network.vpcs.filter((v) => v.account.users.consoleUser !== undefined);
  }

  draw(rng: Prng, fromMs: number, toMs: number, count: number): FindingExport[] {
    this.episodes = this.episodes.filter((e) => e.state.lastSeenMs > fromMs - EPISODE_LIFETIME_MS);
    const out: FindingExport[] = [];
    while (out.length < count) {
      const exportedMs = fromMs + rng.int(toMs - fromMs);
      const due = this.episodes.filter((e) => exportedMs - e.lastExportMs >= EXPORT_FREQUENCY_MS);
      const episode = due.length > 0 && rng.chance(0.4) ? rng.pick(due) : this.start(rng, exportedMs);
      if (episode.lastExportMs !== 0) {
        const lastSeenMs = Math.max(episode.state.lastSeenMs, exportedMs - rng.range(120, 600) * 1000);
        episode.state = { ...episode.state, lastSeenMs, updatedMs: Math.min(exportedMs, lastSeenMs + rng.range(60, 300) * 1000), count: episode.state.count + rng.range(1, 6) };
      }
      episode.lastExportMs = exportedMs;
      out.push({ vpc: episode.identity.vpc, exportedMs, updatedMs: episode.state.updatedMs, json: findingJson(episode.identity, episode.state) });
    }
    return out;
  }

  /** A new finding, first exported at `exportedMs`. */
  private start(rng: Prng, exportedMs: number): Episode {
    const createdMs = Math.max(this.notBeforeMs, exportedMs - rng.range(30, 240) * 1000);
    const firstSeenMs = Math.max(this.notBeforeMs, createdMs - rng.range(60, 300) * 1000);
    const { identity, action } = this.travellerVpcs.length > 0 && rng.chance(0.1) ? this.travellerFinding(rng, firstSeenMs) : this.probeFinding(rng);
    const episode: Episode = { identity, state: { createdMs, updatedMs: createdMs, firstSeenMs, lastSeenMs: firstSeenMs, count: 1, action }, lastExportMs: 0 };
    this.episodes.push(episode);
    return episode;
  }

  private probeFinding(rng: Prng): { identity: FindingIdentity; action: JsonObject } {
    const vpc = rng.pick(this.webVpcs);
    const web = vpc.web!;
    const ports = rng.chance(0.5) ? [...OPEN_WEB_PORTS] : [rng.pick(OPEN_WEB_PORTS)];
    return {
      identity: {
        vpc, id: findingId(rng), type: 'Recon:EC2/PortProbeUnprotectedPort', resource: instanceResource(vpc, web), resourceRole: 'TARGET', threatList: 'ProofPoint',
        title: `Unprotected port on EC2 instance ${web.instanceId} is being probed.`,
        description: `EC2 instance ${web.instanceId} has an unprotected port which is being probed by a known malicious host.`,
      },
      action: portProbeAction(web.ip, ports, outsideAddress(rng)),
    };
  }

  /** li.wei's console calls from abroad look unusual to GuardDuty's model: a false positive to rule out. */
  private travellerFinding(rng: Prng, timeMs: number): { identity: FindingIdentity; action: JsonObject } {
    const vpc = rng.pick(this.travellerVpcs);
    const user = vpc.account.users.consoleUser!;
    const session = travellerSession(this.seed, vpc.account, timeMs);
    const [api, service] = rng.pick(TRAVELLER_CALLS);
    return {
      identity: {
        vpc, id: findingId(rng), type: 'Discovery:IAMUser/AnomalousBehavior', resourceRole: 'TARGET',
        resource: accessKeyResource({ accessKeyId: session.accessKeyId, principalId: user.userId, userName: user.name, userType: 'IAMUser' }),
        title: `User ${user.name} is invoking APIs commonly used in discovery tactics from an unusual location.`,
        description: `APIs commonly used in Discovery tactics were invoked by user IAMUser : ${user.name} under unusual circumstances, from ${TRAVELLER_IP}.`,
      },
      action: apiCallAction(api, service, TRAVELLER_IP),
    };
  }
}
