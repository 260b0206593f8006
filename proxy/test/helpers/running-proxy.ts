import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { FeatureTableInput } from '#contracts';
import { createLogger } from '#lib';
import { loadProxyConfig } from '#proxy/config';
import { startProxy, type RunningProxy } from '#proxy/main';

/** The proxy's composition root (`startProxy`) in this process on ports 0, with a token; closed when the test ends. */
export async function startRunningProxy(t: Test, table: FeatureTableInput, token: string, overrides: Record<string, unknown> = {}): Promise<RunningProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'peel-proxy-'));
  const featuresFile = join(dir, 'features.json');
  writeFileSync(featuresFile, JSON.stringify(table));
  const config = loadProxyConfig(
    {},
    { featuresFile, stateFile: join(dir, 'state.json'), listen: { host: '127.0.0.1', port: 0 }, admin: { port: 0, token }, ...overrides },
  );
  const running = await startProxy(config, { logger: createLogger('proxy-test', { level: 'silent' }) });
  t.teardown(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return running;
}
