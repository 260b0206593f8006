import { CatalogConfig, SERVICE_ENV } from '#contracts';
import { envToObject, mergeConfig, parseConfig } from '#lib';

/** The service's config from the environment (see SERVICE_ENV), with `overrides` winning; frozen. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}): Readonly<CatalogConfig> {
  return parseConfig(CatalogConfig, mergeConfig(envToObject(env, SERVICE_ENV), overrides), 'catalog service', SERVICE_ENV);
}
