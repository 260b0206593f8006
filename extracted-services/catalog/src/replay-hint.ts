import type { CatalogConfig } from '#contracts';

/**
 * The command that fills an empty catalog from the adapter's event store. It assumes the
 * store is on the catalog's MongoDB server, as in `peel up` and docker-compose; a password
 * in the URL is masked so the hint can be logged.
 */
export function replayHint(config: Pick<CatalogConfig, 'mongodbUrl'> & { consumer: Pick<CatalogConfig['consumer'], 'queue'> }): string {
  const url = config.mongodbUrl.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
  return `MONGODB_URL='${url}' peel replay --type 'shop.product.*' --to-queue ${config.consumer.queue}`;
}
