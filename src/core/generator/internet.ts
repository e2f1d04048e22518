/**
 * Everyone outside the organisation: the attacker, the traveller, customers and internet scanners.
 * Outside addresses come from the documentation ranges (RFC 5737) and their networks from the
 * documentation AS numbers (RFC 5398), so nothing generated points at a real third party. The
 * story's addresses are reserved: background traffic never uses them.
 */
import type { Prng } from './prng';

export const ATTACKER_IP = '203.0.113.77';
export const ATTACKER_CONSOLE_IP = '198.51.100.23';
/** li.wei, travelling, signs in to the console from here: the "external address" to rule out. */
export const TRAVELLER_IP = '198.51.100.140';

const RESERVED = new Set([ATTACKER_IP, ATTACKER_CONSOLE_IP, TRAVELLER_IP]);
const OUTSIDE_RANGES = ['198.51.100.', '203.0.113.'];

/** A customer's or a scanner's address; never one the story uses. */
export function outsideAddress(rng: Prng): string {
  for (;;) {
    const ip = rng.pick(OUTSIDE_RANGES) + rng.range(1, 254);
    if (!RESERVED.has(ip)) return ip;
  }
}

export interface Whois {
  asn: string;
  asnOrg: string;
  isp: string;
  org: string;
  countryName: string;
  cityName: string;
  lat: number;
  lon: number;
}

const NETWORKS: Array<Omit<Whois, 'asn'>> = [
  { asnOrg: 'EXAMPLE-VPS-AS', isp: 'Example VPS Hosting', org: 'Example VPS Hosting', countryName: 'Netherlands', cityName: 'Amsterdam', lat: 52.37, lon: 4.89 },
  { asnOrg: 'EXAMPLE-TRANSIT', isp: 'Example Transit', org: 'Example Transit', countryName: 'Germany', cityName: 'Frankfurt am Main', lat: 50.11, lon: 8.68 },
  { asnOrg: 'EXAMPLE-CLOUD-SG', isp: 'Example Cloud', org: 'Example Cloud Singapore', countryName: 'Singapore', cityName: 'Singapore', lat: 1.29, lon: 103.85 },
  { asnOrg: 'EXAMPLE-BROADBAND', isp: 'Example Broadband', org: 'Example Broadband', countryName: 'United States', cityName: 'Ashburn', lat: 39.04, lon: -77.49 },
  { asnOrg: 'EXAMPLE-MOBILE', isp: 'Example Mobile', org: 'Example Mobile', countryName: 'Brazil', cityName: 'Sao Paulo', lat: -23.55, lon: -46.63 },
];

/** What GuardDuty's geolocation says about an outside address: fixed per address. */
export function whois(ip: string): Whois {
  const last = Number(ip.slice(ip.lastIndexOf('.') + 1)) || 0;
  // The attacker rents a VPS; everyone else is spread over the other networks by address.
  const network = ip === ATTACKER_IP ? NETWORKS[0]! : NETWORKS[1 + (last % (NETWORKS.length - 1))]!;
  return { asn: String(64496 + (ip === ATTACKER_IP ? 0 : 1 + (last % 15))), ...network };
}
