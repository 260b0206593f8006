import { EmbeddedMongoConfig } from '#contracts';
import { envToObject, mergeConfig, parseConfig, setByEnvAndFlags } from '#lib';

const ENV: Record<string, string> = {
  host: 'EMBEDDED_MONGO_HOST',
  port: 'EMBEDDED_MONGO_PORT',
  dbpath: 'EMBEDDED_MONGO_DBPATH',
  changeLogSize: 'EMBEDDED_MONGO_CHANGE_LOG_SIZE',
  replicaSet: 'EMBEDDED_MONGO_REPLICA_SET',
  logLevel: 'LOG_LEVEL',
};

/** What sets each field: its variable, and the `peel mongo` flag where there is one. */
const SET_BY = setByEnvAndFlags(ENV, { host: '--host', port: '--port', dbpath: '--dbpath', changeLogSize: '--change-log-size' });

/** The server's configuration from the environment and flags; throws PEEL_CONFIG_INVALID naming every bad field. */
export function loadEmbeddedMongoConfig(env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}): EmbeddedMongoConfig {
  return parseConfig(EmbeddedMongoConfig, mergeConfig(envToObject(env, ENV), overrides), 'embedded-mongo', SET_BY);
}
