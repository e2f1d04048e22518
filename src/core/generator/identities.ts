/**
 * userIdentity blocks and the temporary sessions behind them. A session (ASIA… key and creation
 * time) is a pure function of the seed, the principal and the time, so two events an hour apart in
 * different delivery slots agree on which session made them without any shared state: the corpus can
 * be generated slot by slot and still let an investigator pivot on a session key.
 */
import { accessKeyId, isoSeconds } from './awsIds';
import { Prng, deriveSeed } from './prng';
import type { UserIdentity } from './record';
import type { IamRole, IamUser } from './world';

export interface Session {
  accessKeyId: string;
  startMs: number;
  /** Index of the session in the principal's sequence; feeds per-session ids. */
  index: number;
}

/**
 * The principal's session that is current at `timeMs`. Sessions last `periodMs` and start at a
 * per-principal offset, so principals do not all renew on the hour.
 */
export function sessionAt(seed: number, principalKey: string, periodMs: number, timeMs: number): Session {
  const offset = deriveSeed(seed, 'session-offset', principalKey) % periodMs;
  const index = Math.floor((timeMs - offset) / periodMs);
  return sessionByIndex(seed, principalKey, periodMs, index);
}

export function sessionByIndex(seed: number, principalKey: string, periodMs: number, index: number): Session {
  const offset = deriveSeed(seed, 'session-offset', principalKey) % periodMs;
  const rng = new Prng(deriveSeed(seed, 'session', principalKey, index));
  return { accessKeyId: accessKeyId(rng, 'session'), startMs: offset + index * periodMs, index };
}

/** Session starts in [fromMs, toMs): the moments an AssumeRole or ConsoleLogin is due. */
export function sessionStartsIn(seed: number, principalKey: string, periodMs: number, fromMs: number, toMs: number): Session[] {
  const offset = deriveSeed(seed, 'session-offset', principalKey) % periodMs;
  const out: Session[] = [];
  for (let index = Math.ceil((fromMs - offset) / periodMs); offset + index * periodMs < toMs; index++) {
    out.push(sessionByIndex(seed, principalKey, periodMs, index));
  }
  return out;
}

/** An IAM user calling with its long-term key (CLI, SDK, CI). */
export function iamUserWithKey(user: IamUser, key: string = user.accessKeyId): UserIdentity {
  return { type: 'IAMUser', principalId: user.userId, arn: user.arn, accountId: user.accountId, accessKeyId: key, userName: user.name };
}

/** An IAM user in the console: temporary credentials, an empty session issuer, MFA as signed in. */
export function iamUserConsole(user: IamUser, session: Session, mfa: boolean): UserIdentity {
  return {
    type: 'IAMUser',
    principalId: user.userId,
    arn: user.arn,
    accountId: user.accountId,
    accessKeyId: session.accessKeyId,
    userName: user.name,
    sessionContext: {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: isoSeconds(session.startMs), mfaAuthenticated: mfa ? 'true' : 'false' },
    },
  };
}

/** The identity as sign-in records it: no key yet, the session does not exist until the login succeeds. */
export function iamUserSignIn(user: IamUser): UserIdentity {
  return { type: 'IAMUser', principalId: user.userId, arn: user.arn, accountId: user.accountId, userName: user.name };
}

export function assumedRole(
  role: IamRole,
  sessionName: string,
  session: Session,
  extra: { invokedBy?: string; ec2RoleDelivery?: string; mfa?: boolean } = {},
): UserIdentity {
  const identity: UserIdentity = {
    type: 'AssumedRole',
    principalId: `${role.roleId}:${sessionName}`,
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
    accountId: role.accountId,
    accessKeyId: session.accessKeyId,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: role.roleId, arn: role.arn, accountId: role.accountId, userName: role.name },
      webIdFederationData: {},
      attributes: { creationDate: isoSeconds(session.startMs), mfaAuthenticated: extra.mfa ? 'true' : 'false' },
    },
  };
  if (extra.ec2RoleDelivery !== undefined) identity.sessionContext!.ec2RoleDelivery = extra.ec2RoleDelivery;
  if (extra.invokedBy !== undefined) identity.invokedBy = extra.invokedBy;
  return identity;
}

/** An AWS service acting as itself (e.g. EC2 fetching an instance role's credentials). */
export function awsService(service: string): UserIdentity {
  return { type: 'AWSService', invokedBy: service };
}
