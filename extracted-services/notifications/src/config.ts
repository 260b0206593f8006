import { NotificationsConfig, NOTIFICATIONS_ENV } from '#contracts';
import { envToObject, mergeConfig, parseConfig } from '#lib';

/** The service's config from the environment (see NOTIFICATIONS_ENV), with `overrides` winning; frozen. */
export function loadNotificationsConfig(env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}): Readonly<NotificationsConfig> {
  return parseConfig(NotificationsConfig, mergeConfig(envToObject(env, NOTIFICATIONS_ENV), overrides), 'notifications service', NOTIFICATIONS_ENV);
}
