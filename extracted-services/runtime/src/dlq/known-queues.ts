import { CatalogConfig, NotificationsConfig } from '#contracts';

const SERVICES = [CatalogConfig, NotificationsConfig];

/**
 * The queues `peel dlq list` can check without the management API: the one SERVICE_QUEUE
 * names, the queues the demo gives each service (`peel up` and docker-compose name them
 * after the service: `catalog`, `notifications`) and the services' own defaults
 * (`peel.catalog`, `peel.notifications`, when `peel service <name>` runs without SERVICE_QUEUE).
 */
export function knownQueues(env: NodeJS.ProcessEnv): string[] {
  const demo = SERVICES.map((c) => c.shape.name.parse(undefined));
  const defaults = SERVICES.map((c) => c.shape.consumer.parse(undefined).queue);
  return [...(env.SERVICE_QUEUE ? [env.SERVICE_QUEUE] : []), ...demo, ...defaults];
}
