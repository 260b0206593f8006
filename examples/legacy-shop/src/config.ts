import { envToObject, mergeConfig, parseConfig } from '#lib';
import { LegacyShopConfig } from '#contracts';

export const SHOP_ENV: Record<string, string> = {
  'http.host': 'SHOP_HOST',
  'http.port': 'SHOP_PORT',
  mongodbUrl: 'MONGODB_URL',
  embeddedMongoPort: 'EMBEDDED_MONGO_PORT',
  database: 'SHOP_DATABASE',
  logLevel: 'LOG_LEVEL',
};

/** The shop's configuration from the environment; throws PEEL_CONFIG_INVALID naming every bad variable's field. */
export function loadShopConfig(env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}): LegacyShopConfig {
  return parseConfig(LegacyShopConfig, mergeConfig(envToObject(env, SHOP_ENV), overrides), 'legacy-shop environment', SHOP_ENV);
}

/** The URL the shop's own embedded server listens on, for tools such as `peel seed` run without MONGODB_URL. */
export function embeddedMongoUrl(port: number): string {
  return `mongodb://127.0.0.1:${port}/?replicaSet=rs0`;
}
