/**
 * Identifier and timestamp formats as CloudTrail writes them. Investigators pivot on these strings
 * (an access key id, a request id), so their shapes follow AWS's: prefix, length and alphabet.
 */
import type { Prng } from './prng';

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// IAM unique ids and access key ids use upper-case letters and the digits 2-7 (base32-like).
const IAM_ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = ALNUM + '+/';
const HEX = '0123456789abcdef';

/** AKIA… (long-term, IAM user) or ASIA… (temporary, STS session): 20 characters. */
export function accessKeyId(rng: Prng, kind: 'long-term' | 'session'): string {
  return (kind === 'long-term' ? 'AKIA' : 'ASIA') + rng.chars(IAM_ID, 16);
}

/** IAM unique ids: AIDA… for users, AROA… for roles; 21 characters. */
export function iamUniqueId(rng: Prng, kind: 'user' | 'role'): string {
  return (kind === 'user' ? 'AIDA' : 'AROA') + rng.chars(IAM_ID, 17);
}

/** A version-4 UUID, as in eventID and most services' requestID. */
export function uuid(rng: Prng): string {
  const a = rng.nextU32();
  const b = rng.nextU32();
  const c = rng.nextU32();
  const d = rng.nextU32();
  const h = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return (
    h(a, 8) + '-' +
    h(b >>> 16, 4) + '-' +
    h(0x4000 | (b & 0x0fff), 4) + '-' +
    h(0x8000 | ((c >>> 16) & 0x3fff), 4) + '-' +
    h(c & 0xffff, 4) + h(d, 8)
  );
}

/** S3 request ids are 16 upper-case alphanumerics, not UUIDs. */
export function s3RequestId(rng: Prng): string {
  return rng.chars(UPPER_DIGITS, 16);
}

/** S3's x-amz-id-2 host id: 76 base64 characters ending in '='. */
export function s3HostId(rng: Prng): string {
  return rng.chars(BASE64, 75) + '=';
}

/** The random tail of a CloudTrail log file name. */
export function deliverySuffix(rng: Prng): string {
  return rng.chars(ALNUM, 16);
}

export function hexId(rng: Prng, prefix: string, length: number): string {
  return prefix + rng.chars(HEX, length);
}

/** An opaque STS session token: long base64 text; only its presence and shape matter to readers. */
export function sessionToken(rng: Prng): string {
  return 'IQoJb3JpZ2luX2Vj' + rng.chars(BASE64, 172);
}

/** `2024-05-13T09:41:07Z`: CloudTrail's eventTime has whole seconds and a Z. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * IAM's createDate in response elements is Java's medium date format, not ISO:
 * `May 13, 2024 9:41:07 AM` (with `, ` before the time for STS expirations).
 */
export function javaDate(ms: number, commaBeforeTime = false): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}${commaBeforeTime ? ',' : ''} ` +
    `${twelve}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`
  );
}

/** `20240513T0945Z`, the delivery time in a log file's name. */
export function fileStamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}
