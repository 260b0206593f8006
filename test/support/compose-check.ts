import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NOTIFICATIONS_ENV, PROXY_ENV, SERVICE_ENV } from '#contracts';
import { ADAPTER_ENV, loadAdapterConfig } from '#adapter/config';
import { loadCatalogConfig } from '#catalog/config';
import { loadNotificationsConfig } from '#notifications/config';
import { SHOP_ENV, loadShopConfig } from '#legacy-shop/config';
import { loadProxyConfig } from '#proxy/config';
import { COMMANDS } from '#cli/commands';

interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** What each Peel subcommand reads from the environment, and the port it serves. */
interface ProcessShape {
  env: readonly string[];
  /** Validates the environment with the process's own config loader; returns the ports it listens on. */
  load(env: NodeJS.ProcessEnv): number[];
}

const COMMON_ENV = ['NODE_ENV'];
const values = (map: Record<string, string>): string[] => Object.values(map);

const SHAPES: Record<string, ProcessShape> = {
  proxy: {
    env: values(PROXY_ENV),
    load: (env) => {
      const c = loadProxyConfig(env);
      return [c.listen.port, c.admin.port];
    },
  },
  adapter: { env: values(ADAPTER_ENV), load: (env) => [loadAdapterConfig(env).http.port] },
  'legacy-shop': { env: values(SHOP_ENV), load: (env) => [loadShopConfig(env).http.port] },
  seed: { env: values(SHOP_ENV), load: (env) => (loadShopConfig(env), []) },
  'service catalog': { env: values(SERVICE_ENV), load: (env) => [loadCatalogConfig(env).http.port] },
  'service notifications': { env: values(NOTIFICATIONS_ENV), load: (env) => [loadNotificationsConfig(env).http.port] },
};

/** `${VAR:?message}` and `${VAR:-default}` as docker compose would fill them in, with `fill` for required ones. */
function interpolate(value: string, fill: string): string {
  return value.replace(/\$\{[A-Z0-9_]+(?:(:?[-?])([^}]*))?\}/g, (_m, op?: string, arg?: string) => (op?.endsWith('-') ? (arg ?? '') : fill));
}

export function readCompose(path: string): ComposeFile {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * Every problem that would make `docker compose up` start a Peel process wrongly: an
 * unknown subcommand, an environment variable the process does not read, a config its
 * schema rejects, a published port or health check on another port than the process
 * listens on, a dependency condition that cannot hold, a features file that is missing or
 * points at the wrong services.
 */
export function checkCompose(compose: ComposeFile, repoRoot: string): string[] {
  const problems: string[] = [];
  const listening = new Map<string, number[]>();
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [dep, { condition }] of Object.entries(service.depends_on ?? {})) {
      const target = compose.services[dep];
      if (!target) problems.push(`${name}: depends on unknown service ${dep}`);
      else if (condition === 'service_healthy' && !target.healthcheck) problems.push(`${name}: waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
    }
    if (service.image !== 'peel:local') continue;
    const command = service.command ?? [];
    const key = command[0] === 'service' ? `service ${command[1] ?? ''}` : (command[0] ?? '');
    if (!COMMANDS.some((c) => c.name === command[0])) problems.push(`${name}: unknown peel command ${JSON.stringify(command[0])}`);
    const shape = SHAPES[key];
    if (!shape) {
      problems.push(`${name}: no config schema known for ${JSON.stringify(key)}`);
      continue;
    }
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), 'compose-check-token-0123456789')]));
    for (const variable of Object.keys(env)) {
      if (!shape.env.includes(variable) && !COMMON_ENV.includes(variable)) problems.push(`${name}: ${variable} is not read by peel ${key}`);
    }
    let ports: number[] = [];
    try {
      ports = shape.load(env);
    } catch (err) {
      problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    listening.set(name, ports);
    for (const mapping of service.ports ?? []) {
      const containerPort = Number(mapping.split(':').at(-1));
      if (!ports.includes(containerPort)) problems.push(`${name}: publishes container port ${containerPort}, but the process listens on ${ports.join(', ') || 'nothing'}`);
    }
    const check = (service.healthcheck?.test ?? []).join(' ');
    const checked = /127\.0\.0\.1:(\d+)/.exec(check);
    if (ports.length > 0 && (!checked || !ports.includes(Number(checked[1])))) problems.push(`${name}: the health check does not probe a port the process listens on`);
  }
  problems.push(...checkUrls(compose, listening, repoRoot));
  return problems;
}

function checkUrls(compose: ComposeFile, listening: Map<string, number[]>, repoRoot: string): string[] {
  const problems: string[] = [];
  const reaches = (where: string, url: string): void => {
    const { hostname, port } = new URL(url);
    const ports = listening.get(hostname);
    if (!compose.services[hostname]) problems.push(`${where}: ${url} names no compose service`);
    else if (ports && !ports.includes(Number(port))) problems.push(`${where}: ${url} is not a port ${hostname} listens on (${ports.join(', ')})`);
  };
  for (const [name, service] of Object.entries(compose.services)) {
    const env = service.environment ?? {};
    if (typeof env.ADAPTER_STATUS_URL === 'string') reaches(name, env.ADAPTER_STATUS_URL);
    if (typeof env.PEEL_FEATURES_FILE === 'string') {
      const local = join(repoRoot, env.PEEL_FEATURES_FILE.replace(/^\/app\//, ''));
      if (!existsSync(local)) {
        problems.push(`${name}: features file ${env.PEEL_FEATURES_FILE} is not in the image (expected ${local})`);
        continue;
      }
      const table = parse(readFileSync(local, 'utf8')) as { upstreams: Record<string, { urls: string[]; readyzUrl?: string }> };
      for (const [upstream, { urls, readyzUrl }] of Object.entries(table.upstreams)) {
        for (const url of [...urls, ...(readyzUrl ? [readyzUrl] : [])]) reaches(`${name} upstream ${upstream}`, url);
      }
    }
  }
  return problems;
}
