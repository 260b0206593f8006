import type { Command } from './context.ts';

/**
 * The subcommands of `peel`, loaded lazily so `peel features list` does not pay for the
 * proxy's dependencies. Each module exports `run(args, ctx)`.
 */
export const COMMANDS: Command[] = [
  { name: 'up', summary: 'run the whole demo on this machine (what npm start runs)', handlesSignals: true, load: () => import('#demo/up-command') },
  { name: 'service', summary: 'run one extracted service: catalog or notifications', handlesSignals: true, load: () => import('./service-command.ts') },
  { name: 'legacy-shop', summary: 'run the demo monolith (users, products, orders) on port 3000', handlesSignals: true, load: () => import('#legacy-shop/legacy-shop-command') },
  { name: 'seed', summary: 'fill the legacy shop with sample users, products and orders', load: () => import('#legacy-shop/seed-command') },
  { name: 'proxy', summary: 'run the edge proxy: feature routing, admin API, progress logs', handlesSignals: true, load: () => import('#proxy/proxy-command') },
  { name: 'features', summary: 'list, show, set and roll back feature ownership through the admin API', load: () => import('#proxy/features-cli') },
  { name: 'status', summary: 'one screen: features and owners, traffic shares, service and adapter lag', load: () => import('#proxy/features-cli-status') },
  { name: 'adapter', summary: 'run the change-data adapter (MongoDB change streams to RabbitMQ); --snapshot to copy everything again', handlesSignals: true, load: () => import('./adapter-command.ts') },
  { name: 'replay', summary: 'republish stored events by type and time to an exchange or a queue', handlesSignals: true, load: () => import('./replay-command.ts') },
  { name: 'dlq', summary: 'inspect, retry and purge the dead letters of extracted services', load: () => import('#runtime/dlq/dlq-command') },
  { name: 'mongo', summary: 'run the embedded MongoDB-compatible server (development only); --dbpath to keep data', handlesSignals: true, load: () => import('#embedded-mongo/mongo-command') },
  { name: 'version', summary: 'print the Peel version', load: () => import('./version-command.ts') },
];
