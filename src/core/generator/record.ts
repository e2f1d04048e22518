/**
 * The CloudTrail record shape and the one function that assembles it. Every generated event, story
 * or background, goes through `assembleRecord`, so field order, JSON types and the rules that tie
 * fields together (data events are not management events, AWS services have no TLS details…) live
 * in one place.
 */
import { isoSeconds, s3HostId, s3RequestId, uuid } from './awsIds';
import type { Prng } from './prng';

export type Json = null | string | number | boolean | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SessionIssuer {
  type: 'Role';
  principalId: string;
  arn: string;
  accountId: string;
  userName: string;
}

export interface UserIdentity {
  type?: 'IAMUser' | 'AssumedRole' | 'AWSService' | 'Root';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer: SessionIssuer | Record<string, never>;
    webIdFederationData: Record<string, never>;
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
    ec2RoleDelivery?: string;
  };
  invokedBy?: string;
}

export interface Resource {
  accountId?: string;
  type: string;
  ARN: string;
}

export interface TlsDetails {
  tlsVersion: string;
  cipherSuite: string;
  clientProvidedHostHeader: string;
}

export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: JsonObject | null;
  responseElements: JsonObject | null;
  additionalEventData?: JsonObject;
  requestID?: string;
  eventID: string;
  readOnly: boolean;
  resources?: Resource[];
  eventType: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  vpcEndpointId?: string;
  serviceEventDetails?: JsonObject;
  eventCategory: 'Management' | 'Data';
  tlsDetails?: TlsDetails;
  sessionCredentialFromConsole?: 'true';
}

/** Who made a call and from where: the parts of a record that come from the caller, not the API. */
export interface Caller {
  identity: UserIdentity;
  sourceIPAddress: string;
  userAgent: string;
  /** TLS as negotiated by this client; absent for calls AWS makes internally on a principal's behalf. */
  tls?: { version: 'TLSv1.2' | 'TLSv1.3' };
  /** Console sessions mark every call they make. */
  fromConsole?: boolean;
  vpcEndpointId?: string;
}

/** What was called: the parts of a record that come from the API and its outcome. */
export interface ApiCall {
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  requestParameters: JsonObject | null;
  responseElements?: JsonObject | null;
  additionalEventData?: JsonObject;
  resources?: Resource[];
  eventType?: CloudTrailRecord['eventType'];
  /** S3 object-level calls are data events; everything else here is a management event. */
  dataEvent?: boolean;
  error?: { code: string; message?: string };
  serviceEventDetails?: JsonObject;
  /** Host the client addressed; defaults to `<service>.<region>.amazonaws.com`. */
  host?: string;
  /** S3 calls carry S3-style request ids and the x-amz-id-2 block in additionalEventData. */
  s3?: { bytesIn: number; bytesOut: number };
  /** Global services (IAM, sign-in) log in us-east-1 whatever region the caller chose. */
  awsRegion?: string;
}

export interface EventContext {
  timeMs: number;
  region: string;
  recipientAccountId: string;
}

const CIPHER = { 'TLSv1.2': 'ECDHE-RSA-AES128-GCM-SHA256', 'TLSv1.3': 'TLS_AES_128_GCM_SHA256' } as const;

export function defaultHost(eventSource: string, region: string): string {
  const service = eventSource.slice(0, eventSource.indexOf('.'));
  if (service === 'iam') return 'iam.amazonaws.com';
  if (service === 'signin') return 'signin.aws.amazon.com';
  return `${service}.${region}.amazonaws.com`;
}

/** Builds one record with CloudTrail's own key order, so files read like delivered ones. */
export function assembleRecord(rng: Prng, ctx: EventContext, caller: Caller, call: ApiCall): CloudTrailRecord {
  const failed = call.error !== undefined;
  const region = call.awsRegion ?? ctx.region;
  const record: CloudTrailRecord = {
    eventVersion: call.dataEvent ? '1.10' : '1.09',
    userIdentity: caller.identity,
    eventTime: isoSeconds(ctx.timeMs),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: region,
    sourceIPAddress: caller.sourceIPAddress,
    userAgent: caller.userAgent,
  } as CloudTrailRecord;
  if (failed) {
    record.errorCode = call.error!.code;
    if (call.error!.message !== undefined) record.errorMessage = call.error!.message;
  }
  record.requestParameters = call.requestParameters;
  // A failed call has no response; CloudTrail still writes the key, as null.
  record.responseElements = failed ? null : (call.responseElements ?? null);
  let additional = call.additionalEventData;
  if (call.s3) {
    additional = {
      SignatureVersion: 'SigV4',
      CipherSuite: CIPHER[caller.tls?.version ?? 'TLSv1.2'],
      bytesTransferredIn: call.s3.bytesIn,
      ...additional,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': s3HostId(rng),
      bytesTransferredOut: failed ? 0 : call.s3.bytesOut,
    };
  }
  if (additional !== undefined) record.additionalEventData = additional;
  // AWS-originated service events have no request of their own.
  if (call.eventType !== 'AwsServiceEvent') record.requestID = call.s3 ? s3RequestId(rng) : uuid(rng);
  record.eventID = uuid(rng);
  record.readOnly = call.readOnly;
  if (call.resources !== undefined) record.resources = call.resources;
  record.eventType = call.eventType ?? 'AwsApiCall';
  record.managementEvent = !call.dataEvent;
  record.recipientAccountId = ctx.recipientAccountId;
  if (caller.vpcEndpointId !== undefined) record.vpcEndpointId = caller.vpcEndpointId;
  if (call.serviceEventDetails !== undefined) record.serviceEventDetails = call.serviceEventDetails;
  record.eventCategory = call.dataEvent ? 'Data' : 'Management';
  if (caller.tls !== undefined) {
    record.tlsDetails = {
      tlsVersion: caller.tls.version,
      cipherSuite: CIPHER[caller.tls.version],
      clientProvidedHostHeader: call.host ?? defaultHost(call.eventSource, region),
    };
  }
  if (caller.fromConsole) record.sessionCredentialFromConsole = 'true';
  return record;
}
