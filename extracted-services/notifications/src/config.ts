import { NotificationsConfig, SERVICE_ENV } from '#contracts';
import { envToObject, mergeConfig, parseConfig } from '#lib';

/** The service's config from the environment (see SERVICE_ENV), with `overrides` winning; frozen. */
export function loadNotificationsConfig(env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}): Readonly<NotificationsConfig> {
  return parseConfig(NotificationsConfig, mergeConfig(envToObject(env, SERVICE_ENV), overrides), 'notifications service');
}
