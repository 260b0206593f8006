import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadFeaturesFile } from '#proxy';
import { checkCompose, readCompose, type ComposeFile } from '#test-support/compose-check';

const root = join(import.meta.dirname, '..');
const compose = readCompose(join(root, 'docker-compose.yml'));

t.test('every Peel service in docker-compose.yml agrees with its config schema', async (t) => {
  t.same(checkCompose(compose, root), []);
  const peel = Object.entries(compose.services).filter(([, s]) => s.image === 'peel:local').map(([name]) => name);
  t.same(peel.sort(), ['adapter', 'catalog', 'legacy-shop', 'notifications', 'proxy', 'seed']);
});

t.test('the features file the proxy container uses is valid', async (t) => {
  const table = await loadFeaturesFile(join(root, 'examples/compose/features.yaml'));
  t.ok(table.features.every((f) => f.owner === 'legacy' && f.mode === 'legacy'), 'every feature starts owned by legacy');
});

t.test('MongoDB runs as an initiated replica set and RabbitMQ with the management plugin', async (t) => {
  const mongo = compose.services.mongodb;
  t.match(mongo?.command, ['--replSet', 'rs0']);
  t.match((mongo?.healthcheck?.test ?? []).join(' '), /rs\.initiate/);
  t.match(compose.services.rabbitmq?.image, /management/);
});

t.test('the check catches mistakes', async (t) => {
  const broken = structuredClone(compose) as ComposeFile;
  const catalog = broken.services.catalog as NonNullable<ComposeFile['services'][string]>;
  catalog.ports = ['127.0.0.1:4009:4009'];
  catalog.environment = { ...catalog.environment, SERVICE_PORT: 'four thousand', CATALOG_COLOUR: 'blue' };
  (broken.services.proxy as { command: string[] }).command = ['proxxy'];
  (broken.services.adapter as { environment: Record<string, string> }).environment.ADAPTER_WATCH = ',';
  delete broken.services.rabbitmq?.healthcheck;
  const problems = checkCompose(broken, root).join('\n');
  t.match(problems, /catalog: CATALOG_COLOUR is not read/);
  t.match(problems, /catalog: .*http\.port/);
  t.match(problems, /proxy: unknown peel command "proxxy"/);
  t.match(problems, /adapter: .*watch/);
  t.match(problems, /waits for rabbitmq to be healthy, but rabbitmq has no healthcheck/);
});

t.test('the Dockerfile builds one non-root Node 24 image running compiled JavaScript', async (t) => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  t.match(dockerfile, /^FROM node:24-slim AS build$/m);
  t.match(dockerfile, /npm ci --omit=dev/);
  t.match(dockerfile, /npm run build/);
  t.match(dockerfile, /^USER node$/m);
  t.match(dockerfile, /^ENV NODE_ENV=production$/m);
  t.match(dockerfile, /COPY examples\/compose/);
});
