import { clientFrom, parseFlags, usageError, type CliIo } from './features-cli-args.ts';
import { DEFAULT_ADMIN_URL } from './features-cli-client.ts';
import { formatStatus, ownersOf } from './status-format.ts';
import { DEFAULT_ADAPTER_URL, readAdapter, readProxy } from './status-sources.ts';

const HELP = `usage: peel status [--admin-url URL] [--token T] [--adapter-url URL] [--json]

One screen of migration state: every feature with its owner, mode and percent, its traffic
since the proxy started (requests, share served by services, error rate and p99 per side),
the sync lag its owning service reports; then the adapter's capture and relay lag.
Parts that cannot be reached are shown as unreachable. Exit code 0 when the proxy answered.

  --admin-url URL    the proxy's admin API (default ${DEFAULT_ADMIN_URL}, or PEEL_ADMIN_URL)
  --token T          admin token (default PEEL_ADMIN_TOKEN)
  --adapter-url URL  the adapter's HTTP listener (default ${DEFAULT_ADAPTER_URL}, or PEEL_ADAPTER_URL)
  --json             one JSON object: { adminUrl, adapterUrl, proxy, adapter, owners, unreachable }
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('status', args, { 'adapter-url': { type: 'string' } });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('status', `unexpected argument ${JSON.stringify(positionals[0])}`);
  const adminUrl = values['admin-url'] ?? io.env.PEEL_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  const adapterUrl = values['adapter-url'] ?? io.env.PEEL_ADAPTER_URL ?? DEFAULT_ADAPTER_URL;
  if (!isHttpUrl(adapterUrl)) throw usageError('status', `--adapter-url expects an http(s) URL, got ${JSON.stringify(adapterUrl)}`);
  const client = clientFrom(values, io.env, 'status');
  const [proxy, adapter] = await Promise.all([readProxy(client, adminUrl), readAdapter(adapterUrl)]);
  if (values.json) {
    const unreachable = [proxy, adapter].flatMap((part, i) => (part.ok ? [] : [{ part: i === 0 ? 'proxy' : 'adapter', url: part.url, problem: part.problem, ...(part.code ? { code: part.code } : {}) }]));
    const body = {
      adminUrl,
      adapterUrl,
      proxy: proxy.ok ? proxy.value : null,
      owners: proxy.ok ? ownersOf(proxy.value.features) : null,
      adapter: adapter.ok ? adapter.value : null,
      unreachable,
    };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    io.stdout.write(formatStatus(proxy, adapter));
  }
  if (proxy.ok) return 0;
  io.stderr.write(`peel status: ${proxy.problem} (${proxy.code ?? 'PEEL_PROXY_ADMIN_UNREACHABLE'})\n`);
  return 1;
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
