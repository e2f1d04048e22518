/**
 * The API calls that make up everyday background activity, each with request parameters, response
 * and resources shaped like the service's own CloudTrail entries. A builder only describes the call;
 * who made it and when is decided by the actor (actors.ts), and the record is assembled in record.ts.
 */
import { accessKeyId, javaDate } from './awsIds';
import type { Prng } from './prng';
import type { ApiCall, JsonObject, Resource } from './record';
import { GLOBAL_REGION, kmsKeyArn, type AccountWorld, type Bucket } from './world';

export interface CallContext {
  rng: Prng;
  account: AccountWorld;
  region: string;
  timeMs: number;
}

export type CallBuilder = (ctx: CallContext) => ApiCall;

function bucketResource(bucket: Bucket): Resource {
  return { accountId: bucket.accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket.name}` };
}

/** Bucket-level S3 calls: the bucket's region, the bucket as resource, S3's request ids. */
function bucketCall(ctx: CallContext, eventName: string, subresource: string | null, readOnly = true): ApiCall {
  const bucket = ctx.rng.pick(ctx.account.buckets);
  const requestParameters: JsonObject = { bucketName: bucket.name, Host: `${bucket.name}.s3.${bucket.region}.amazonaws.com` };
  if (subresource !== null) requestParameters[subresource] = '';
  return {
    eventSource: 's3.amazonaws.com',
    eventName,
    readOnly,
    requestParameters,
    resources: [bucketResource(bucket)],
    awsRegion: bucket.region,
    host: requestParameters.Host as string,
    s3: { bytesIn: 0, bytesOut: ctx.rng.range(200, 1600) },
  };
}

/** Object-level S3 calls on the bucket the trail watches: data events. */
export function objectCall(bucket: Bucket, eventName: 'GetObject' | 'PutObject', key: string, bytes: number): ApiCall {
  const host = `${bucket.name}.s3.${bucket.region}.amazonaws.com`;
  const get = eventName === 'GetObject';
  return {
    eventSource: 's3.amazonaws.com',
    eventName,
    readOnly: get,
    requestParameters: { bucketName: bucket.name, Host: host, key },
    responseElements: get ? null : { 'x-amz-server-side-encryption': 'aws:kms' },
    additionalEventData: get ? {} : { 'x-amz-server-side-encryption': 'aws:kms' },
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket.name}/${key}` }, bucketResource(bucket)],
    dataEvent: true,
    awsRegion: bucket.region,
    host,
    s3: { bytesIn: get ? 0 : bytes, bytesOut: get ? bytes : 0 },
  };
}

function simple(eventSource: string, eventName: string, readOnly: boolean, requestParameters: JsonObject | null = null): CallBuilder {
  return () => ({ eventSource, eventName, readOnly, requestParameters });
}

function iamCall(eventName: string, requestParameters: (ctx: CallContext) => JsonObject | null, readOnly = true): CallBuilder {
  return (ctx) => ({ eventSource: 'iam.amazonaws.com', eventName, readOnly, requestParameters: requestParameters(ctx), awsRegion: GLOBAL_REGION });
}

function exportKey(ctx: CallContext): string {
  const day = new Date(ctx.timeMs).toISOString().slice(0, 10).replaceAll('-', '/');
  return `exports/${day}/orders-${String(ctx.rng.range(1, 400)).padStart(4, '0')}.csv.gz`;
}

const instances = (ctx: CallContext) => ctx.account.instances[ctx.region] ?? [];
const emptyEc2Filter = () => ({ instancesSet: {}, filterSet: {} });

export const CALLS = {
  'ec2.DescribeInstances': (ctx: CallContext): ApiCall => ({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    readOnly: true,
    requestParameters: ctx.rng.chance(0.5)
      ? emptyEc2Filter()
      : { instancesSet: { items: [{ instanceId: ctx.rng.pick(instances(ctx)) }] }, filterSet: {} },
  }),
  'ec2.DescribeSecurityGroups': simple('ec2.amazonaws.com', 'DescribeSecurityGroups', true, { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }),
  'ec2.DescribeVpcs': simple('ec2.amazonaws.com', 'DescribeVpcs', true, { vpcSet: {}, filterSet: {} }),
  'ec2.DescribeSubnets': (ctx: CallContext): ApiCall => ({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeSubnets',
    readOnly: true,
    requestParameters: { subnetSet: {}, filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: ctx.account.vpcs[ctx.region] ?? '' }] } }] } },
  }),
  'ec2.DescribeVolumes': simple('ec2.amazonaws.com', 'DescribeVolumes', true, { volumeSet: {}, filterSet: {} }),
  'ec2.DescribeInstanceStatus': simple('ec2.amazonaws.com', 'DescribeInstanceStatus', true, { instancesSet: {}, filterSet: {}, includeAllInstances: false }),
  'ec2.CreateTags': (ctx: CallContext): ApiCall => {
    const instanceId = ctx.rng.pick(instances(ctx));
    return {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateTags',
      readOnly: false,
      requestParameters: {
        resourcesSet: { items: [{ resourceId: instanceId }] },
        tagSet: { items: [{ key: 'cost-center', value: ctx.rng.pick(['orders', 'platform', 'data']) }] },
      },
      responseElements: { requestId: '', _return: true },
      resources: [{ accountId: ctx.account.id, type: 'AWS::EC2::Instance', ARN: `arn:aws:ec2:${ctx.region}:${ctx.account.id}:instance/${instanceId}` }],
    };
  },
  's3.ListBuckets': (ctx: CallContext): ApiCall => ({
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    readOnly: true,
    requestParameters: { Host: 's3.amazonaws.com' },
    awsRegion: GLOBAL_REGION,
    host: 's3.amazonaws.com',
    s3: { bytesIn: 0, bytesOut: ctx.rng.range(900, 1400) },
  }),
  's3.GetBucketLocation': (ctx: CallContext) => bucketCall(ctx, 'GetBucketLocation', 'location'),
  's3.GetBucketAcl': (ctx: CallContext) => bucketCall(ctx, 'GetBucketAcl', 'acl'),
  's3.GetBucketVersioning': (ctx: CallContext) => bucketCall(ctx, 'GetBucketVersioning', 'versioning'),
  's3.GetBucketPolicy': (ctx: CallContext): ApiCall => {
    const call = bucketCall(ctx, 'GetBucketPolicy', 'policy');
    // Most buckets here have no policy: S3 answers with an error, and CloudTrail records it.
    if (ctx.rng.chance(0.6)) call.error = { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' };
    return call;
  },
  's3.GetObject': (ctx: CallContext): ApiCall =>
    objectCall(ctx.account.sensitiveBucket ?? ctx.account.buckets[0]!, 'GetObject', exportKey(ctx), ctx.rng.range(20_000, 4_000_000)),
  's3.PutObject': (ctx: CallContext): ApiCall =>
    objectCall(ctx.account.sensitiveBucket ?? ctx.account.buckets[0]!, 'PutObject', exportKey(ctx), ctx.rng.range(20_000, 4_000_000)),
  'iam.ListRoles': iamCall('ListRoles', () => null),
  'iam.ListUsers': iamCall('ListUsers', () => null),
  'iam.GetRole': iamCall('GetRole', (ctx) => ({ roleName: ctx.rng.pick([ctx.account.appRole, ctx.account.lambdaRole, ...ctx.account.ssoRoles]).name })),
  'iam.GetUser': iamCall('GetUser', (ctx) => ({ userName: ctx.account.users.ci.name })),
  'iam.ListAttachedRolePolicies': iamCall('ListAttachedRolePolicies', (ctx) => ({ roleName: ctx.rng.pick([ctx.account.appRole, ctx.account.lambdaRole]).name })),
  'iam.ListAccessKeys': iamCall('ListAccessKeys', (ctx) => ({ userName: ctx.account.users.ci.name })),
  // Routine rotation of the CI user's key: the legitimate CreateAccessKey an investigator must tell apart.
  'iam.CreateAccessKey': (ctx: CallContext): ApiCall => {
    const userName = ctx.account.users.ci.name;
    return {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      readOnly: false,
      requestParameters: { userName },
      responseElements: { accessKey: { userName, accessKeyId: accessKeyId(ctx.rng, 'long-term'), status: 'Active', createDate: javaDate(ctx.timeMs) } },
      awsRegion: GLOBAL_REGION,
    };
  },
  'sts.GetCallerIdentity': (ctx: CallContext): ApiCall => ({
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    readOnly: true,
    requestParameters: null,
    host: `sts.${ctx.region}.amazonaws.com`,
  }),
  'kms.Decrypt': (ctx: CallContext): ApiCall => ({
    eventSource: 'kms.amazonaws.com',
    eventName: 'Decrypt',
    readOnly: true,
    requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:${ctx.region}:${ctx.account.id}:function:${ctx.rng.pick(ctx.account.functions)}` } },
    resources: [{ accountId: ctx.account.id, type: 'AWS::KMS::Key', ARN: kmsKeyArn(ctx.account, ctx.region) }],
  }),
  'kms.GenerateDataKey': (ctx: CallContext): ApiCall => ({
    eventSource: 'kms.amazonaws.com',
    eventName: 'GenerateDataKey',
    readOnly: true,
    requestParameters: { keyId: kmsKeyArn(ctx.account, ctx.region), keySpec: 'AES_256' },
    resources: [{ accountId: ctx.account.id, type: 'AWS::KMS::Key', ARN: kmsKeyArn(ctx.account, ctx.region) }],
  }),
  'kms.DescribeKey': (ctx: CallContext): ApiCall => ({
    eventSource: 'kms.amazonaws.com',
    eventName: 'DescribeKey',
    readOnly: true,
    requestParameters: { keyId: ctx.account.kmsKeys[ctx.region] ?? '' },
    resources: [{ accountId: ctx.account.id, type: 'AWS::KMS::Key', ARN: kmsKeyArn(ctx.account, ctx.region) }],
  }),
  'ssm.GetParameter': (ctx: CallContext): ApiCall => {
    const call: ApiCall = { eventSource: 'ssm.amazonaws.com', eventName: 'GetParameter', readOnly: true, requestParameters: { name: ctx.rng.pick(ctx.account.parameters), withDecryption: true } };
    if (ctx.rng.chance(0.03)) call.error = { code: 'ThrottlingException', message: 'Rate exceeded' };
    return call;
  },
  'ssm.DescribeInstanceInformation': simple('ssm.amazonaws.com', 'DescribeInstanceInformation', true, { maxResults: 50 }),
  'ssm.PutParameter': (ctx: CallContext): ApiCall => ({
    eventSource: 'ssm.amazonaws.com',
    eventName: 'PutParameter',
    readOnly: false,
    requestParameters: { name: ctx.rng.pick(ctx.account.parameters), type: 'String', overwrite: true },
    responseElements: { version: ctx.rng.range(2, 90), tier: 'Standard' },
  }),
  'secretsmanager.GetSecretValue': (ctx: CallContext): ApiCall => ({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    readOnly: true,
    requestParameters: { secretId: ctx.rng.pick(ctx.account.secrets) },
  }),
  'secretsmanager.DescribeSecret': (ctx: CallContext): ApiCall => ({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'DescribeSecret',
    readOnly: true,
    requestParameters: { secretId: ctx.rng.pick(ctx.account.secrets) },
  }),
  'lambda.ListFunctions': simple('lambda.amazonaws.com', 'ListFunctions20150331', true),
  'lambda.GetFunction': (ctx: CallContext): ApiCall => ({
    eventSource: 'lambda.amazonaws.com',
    eventName: 'GetFunction20150331v2',
    readOnly: true,
    requestParameters: { functionName: ctx.rng.pick(ctx.account.functions) },
  }),
  'lambda.UpdateFunctionCode': (ctx: CallContext): ApiCall => {
    const functionName = ctx.rng.pick(ctx.account.functions);
    const arn = `arn:aws:lambda:${ctx.region}:${ctx.account.id}:function:${functionName}`;
    return {
      eventSource: 'lambda.amazonaws.com',
      eventName: 'UpdateFunctionCode20150331v2',
      readOnly: false,
      requestParameters: { functionName: arn, publish: false, dryRun: false },
      responseElements: { functionName, functionArn: arn, runtime: 'nodejs20.x', handler: 'index.handler', codeSize: ctx.rng.range(40_000, 900_000), state: 'Active' },
    };
  },
  'logs.DescribeLogGroups': simple('logs.amazonaws.com', 'DescribeLogGroups', true, { limit: 50 }),
  'logs.CreateLogStream': (ctx: CallContext): ApiCall => {
    const day = new Date(ctx.timeMs).toISOString().slice(0, 10).replaceAll('-', '/');
    return {
      eventSource: 'logs.amazonaws.com',
      eventName: 'CreateLogStream',
      readOnly: false,
      requestParameters: { logGroupName: ctx.rng.pick(ctx.account.logGroups), logStreamName: `${day}/[$LATEST]${ctx.rng.chars('0123456789abcdef', 32)}` },
    };
  },
  'cloudformation.DescribeStacks': (ctx: CallContext): ApiCall => ({
    eventSource: 'cloudformation.amazonaws.com',
    eventName: 'DescribeStacks',
    readOnly: true,
    requestParameters: { stackName: ctx.rng.pick(ctx.account.stacks) },
  }),
  'cloudformation.UpdateStack': (ctx: CallContext): ApiCall => {
    const stackName = ctx.rng.pick(ctx.account.stacks);
    return {
      eventSource: 'cloudformation.amazonaws.com',
      eventName: 'UpdateStack',
      readOnly: false,
      requestParameters: { stackName, capabilities: ['CAPABILITY_IAM'], usePreviousTemplate: false },
      responseElements: { stackId: `arn:aws:cloudformation:${ctx.region}:${ctx.account.id}:stack/${stackName}/${ctx.rng.chars('0123456789abcdef', 8)}-${ctx.rng.chars('0123456789abcdef', 4)}-11ef-${ctx.rng.chars('0123456789abcdef', 4)}-${ctx.rng.chars('0123456789abcdef', 12)}` },
    };
  },
  'dynamodb.DescribeTable': (ctx: CallContext): ApiCall => ({
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'DescribeTable',
    readOnly: true,
    requestParameters: { tableName: ctx.rng.pick(ctx.account.tables) },
    resources: [{ accountId: ctx.account.id, type: 'AWS::DynamoDB::Table', ARN: `arn:aws:dynamodb:${ctx.region}:${ctx.account.id}:table/${ctx.account.tables[0]}` }],
  }),
  'cloudtrail.DescribeTrails': simple('cloudtrail.amazonaws.com', 'DescribeTrails', true, { includeShadowTrails: true }),
  'cloudtrail.GetTrailStatus': (ctx: CallContext): ApiCall => ({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'GetTrailStatus',
    readOnly: true,
    requestParameters: { name: ctx.account.trailArn },
  }),
  'cloudtrail.LookupEvents': simple('cloudtrail.amazonaws.com', 'LookupEvents', true, { maxResults: 50 }),
  'monitoring.DescribeAlarms': simple('monitoring.amazonaws.com', 'DescribeAlarms', true, { maxRecords: 100 }),
  'guardduty.ListDetectors': simple('guardduty.amazonaws.com', 'ListDetectors', true),
  'config.DescribeConfigRules': simple('config.amazonaws.com', 'DescribeConfigRules', true),
} satisfies Record<string, CallBuilder>;

export type CallName = keyof typeof CALLS;

/**
 * The error AWS returns when a policy denies a call, in each service's own words: EC2 has its own
 * code, S3 says only "Access Denied", IAM-style services name the principal and the action.
 */
export function denied(eventSource: string, action: string, principalArn: string, resource = '*'): { code: string; message: string } {
  const service = eventSource.slice(0, eventSource.indexOf('.'));
  if (service === 'ec2') return { code: 'Client.UnauthorizedOperation', message: 'You are not authorized to perform this operation.' };
  if (service === 's3') return { code: 'AccessDenied', message: 'Access Denied' };
  return {
    code: 'AccessDenied',
    message: `User: ${principalArn} is not authorized to perform: ${service}:${action} on resource: ${resource} because no identity-based policy allows the ${service}:${action} action`,
  };
}
