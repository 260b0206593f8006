import { PROXY_ENV, ProxyConfig } from '#contracts';
import { envToObject, libErrors, mergeConfig, parseConfig, setByEnvAndFlags } from '#lib';
import { assertAdminListenSafe } from './admin-auth.ts';
import { parseCidr } from './forward/trusted-proxies.ts';

/** What sets each field: its variable, and the `peel proxy` flag where there is one. */
const SET_BY = setByEnvAndFlags(PROXY_ENV, { featuresFile: '--features', 'listen.host': '--host', 'listen.port': '--port', 'admin.port': '--admin-port' });

/**
 * The proxy's config from the environment (see PROXY_ENV; `TRUSTED_PROXIES` is a
 * comma-separated CIDR list), with `overrides` winning; frozen. Refuses an admin listener
 * off loopback without a token before anything listens.
 */
export function loadProxyConfig(env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}): Readonly<ProxyConfig> {
  const fromEnv = envToObject(env, PROXY_ENV);
  if (typeof fromEnv.trustedProxies === 'string') fromEnv.trustedProxies = splitList(fromEnv.trustedProxies);
  // PROXY_FEATURES_FILE is accepted as an alias of PEEL_FEATURES_FILE.
  const alias = envToObject(env, { featuresFile: 'PROXY_FEATURES_FILE' });
  const config = parseConfig(ProxyConfig, mergeConfig(alias, fromEnv, overrides), 'proxy', SET_BY);
  const badRanges = config.trustedProxies.flatMap((cidr, i) =>
    parseCidr(cidr) ? [] : [{ path: `trustedProxies[${i}]`, setBy: PROXY_ENV.trustedProxies, expected: 'an IP address or CIDR range like 10.0.0.0/8', message: `expected an IP address or CIDR range like 10.0.0.0/8, got ${JSON.stringify(cidr)}` }],
  );
  if (badRanges.length > 0) throw libErrors.configInvalid({ origin: 'proxy', issues: badRanges });
  assertAdminListenSafe(config.admin.host, config.admin.token);
  return config;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
