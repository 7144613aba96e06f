/**
 * ENVIRONMENT_NETWORKS and TRUST_PROXY: parsing, normalisation, matching (IPv4, IPv6,
 * IPv4-mapped IPv6), the refusal of TRUST_PROXY=true while inside networks are configured, and
 * every problem reported at once with the others.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, insideNetworksFor, loadConfig } from './config';
import { LOOPBACK_NETWORKS, environmentNetworks, normaliseAddress, parseAddressList } from './networks';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('ENVIRONMENT_NETWORKS and TRUST_PROXY', () => {
  it('leaves nobody inside and trusts no proxy by default', () => {
    const config = loadConfig({});
    expect(config.environmentNetworks).toBeNull();
    expect(config.trustProxy).toBe(false);
  });

  it('reads a comma list of IPv4 and IPv6 addresses and CIDRs, normalised', () => {
    const config = loadConfig({ ENVIRONMENT_NETWORKS: ' 10.20.0.0/16, 192.168.1.7 ,FD00::/8,::1, ::ffff:172.16.0.0/108' });
    expect(config.environmentNetworks).toEqual(['10.20.0.0/16', '192.168.1.7', 'fd00::/8', '::1', '172.16.0.0/12']);
  });

  it('treats a blank ENVIRONMENT_NETWORKS as not set', () => {
    expect(loadConfig({ ENVIRONMENT_NETWORKS: '  ' }).environmentNetworks).toBeNull();
  });

  it.each([
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', true],
    ['10.0.0.5, 10.1.0.0/24,fd12::1', ['10.0.0.5', '10.1.0.0/24', 'fd12::1']],
  ] as const)('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('accepts a listed proxy with inside networks', () => {
    const config = loadConfig({ ENVIRONMENT_NETWORKS: '10.20.0.0/16', TRUST_PROXY: '10.0.0.5' });
    expect(config).toMatchObject({ environmentNetworks: ['10.20.0.0/16'], trustProxy: ['10.0.0.5'] });
  });

  it('refuses TRUST_PROXY=true while ENVIRONMENT_NETWORKS is set, saying what to do instead', () => {
    expect(problemsOf({ ENVIRONMENT_NETWORKS: '10.20.0.0/16', TRUST_PROXY: 'true' })).toMatch(/TRUST_PROXY: true would believe X-Forwarded-For from any client.*list your reverse proxies/);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('refuses invalid entries with clear messages, every problem at once', () => {
    const message = problemsOf({ ENVIRONMENT_NETWORKS: '10.0.0.0/33,intranet, fd00::/129,10.0.0.0/x', TRUST_PROXY: 'proxy.example.org', PORT: 'eighty' });
    expect(message).toContain('ENVIRONMENT_NETWORKS: "10.0.0.0/33" has a prefix length above 32');
    expect(message).toContain('ENVIRONMENT_NETWORKS: "intranet" is not an IP address or a CIDR');
    expect(message).toContain('ENVIRONMENT_NETWORKS: "fd00::/129" has a prefix length above 128');
    expect(message).toContain('ENVIRONMENT_NETWORKS: "10.0.0.0/x" has an invalid prefix length');
    expect(message).toContain('TRUST_PROXY: "proxy.example.org" is not an IP address or a CIDR');
    expect(message).toContain('PORT:');
  });

  it('refuses an IPv4-mapped network with a prefix shorter than the mapping', () => {
    expect(parseAddressList('::ffff:10.0.0.0/90').errors).toEqual([expect.stringContaining('prefix length must be between 96 and 128')]);
  });
});

describe('matching addresses against the networks', () => {
  const networks = environmentNetworks(['10.20.0.0/16', '192.168.1.7', 'fd00::/8', '::1']);

  it.each([
    ['10.20.3.4', true],
    ['10.21.0.1', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['::ffff:10.20.9.9', true],
    ['::FFFF:0a14:0909', true],
    ['::ffff:10.21.0.1', false],
    ['fd12:3456::1', true],
    ['fe80::1', false],
    ['::1', true],
    ['[::1]', true],
    ['fd00::1%eth0', true],
    ['127.0.0.1', false],
    ['', false],
    ['not-an-address', false],
  ])('%s is inside: %s', (address, inside) => {
    expect(networks.contains(address)).toBe(inside);
  });

  it('records IPv4-mapped addresses as the IPv4 address they carry', () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(normaliseAddress('2001:DB8::1')).toBe('2001:db8::1');
  });

  it('puts nobody inside with an empty list', () => {
    expect(environmentNetworks([]).contains('10.20.3.4')).toBe(false);
  });
});

describe('the networks a server starts with', () => {
  it('uses loopback for the demo when ENVIRONMENT_NETWORKS is not set, and says so', () => {
    expect(insideNetworksFor(loadConfig({}), true)).toEqual({ list: LOOPBACK_NETWORKS, loopbackForDemo: true });
    expect(environmentNetworks(LOOPBACK_NETWORKS).contains('::ffff:127.0.0.1')).toBe(true);
  });

  it('uses ENVIRONMENT_NETWORKS when it is set, demo or not, and nobody without it outside the demo', () => {
    const config = loadConfig({ ENVIRONMENT_NETWORKS: '10.20.0.0/16' });
    expect(insideNetworksFor(config, true)).toEqual({ list: ['10.20.0.0/16'], loopbackForDemo: false });
    expect(insideNetworksFor(loadConfig({}), false)).toEqual({ list: [], loopbackForDemo: false });
  });

  it('refuses TRUST_PROXY=true with the demo’s loopback networks too', () => {
    expect(() => insideNetworksFor(loadConfig({ TRUST_PROXY: 'true' }), true)).toThrow(ConfigError);
    expect(insideNetworksFor(loadConfig({ TRUST_PROXY: 'true' }), false).list).toEqual([]);
  });
});
