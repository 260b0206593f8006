import { z } from 'zod';
import { Listen, LogLevel, Millis, MongoUrl } from './common.ts';

export const ProxyConfig = z
  .object({
    listen: Listen('0.0.0.0', 8080),
    admin: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.coerce.number().int().min(0).max(65_535).default(8081),
        /** Bearer token; required when the admin listener is not on loopback. */
        token: z
          .string()
          .min(16, 'admin token must be at least 16 characters')
          // It travels as `Authorization: Bearer <token>`, which ends at the first space.
          .regex(/^[\x21-\x7e]+$/, 'admin token must be printable ASCII without spaces (e.g. openssl rand -hex 24)')
          .optional(),
      })
      .strict()
      .prefault({}),
    /** The declarative starting feature table (JSON or YAML). */
    featuresFile: z.string().min(1),
    /** The legacy upstream (LEGACY_URL): replaces the features file's `upstreams.legacy.urls`, which may then be left out. */
    legacyUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
    /** Where runtime changes are kept when no MongoDB is configured. */
    stateFile: z.string().min(1).default('.peel/proxy-state.json'),
    mongodbUrl: MongoUrl.optional(),
    mongodbDatabase: z.string().min(1).default('peel'),
    /** Inbound X-Forwarded-* headers are trusted only from these CIDRs. */
    trustedProxies: z.array(z.string().min(1)).default([]),
    progressIntervalMs: Millis.default(60_000),
    drainTimeoutMs: Millis.default(10_000),
    /** How often replicas sharing MongoDB look for a newer config version. */
    syncIntervalMs: Millis.default(250),
    logLevel: LogLevel,
  })
  .strict();
export type ProxyConfig = z.output<typeof ProxyConfig>;

/** Environment variables read by `peel proxy` (config path → variable). */
export const PROXY_ENV = {
  'listen.host': 'PROXY_HOST',
  'listen.port': 'PROXY_PORT',
  'admin.host': 'ADMIN_HOST',
  'admin.port': 'ADMIN_PORT',
  'admin.token': 'PEEL_ADMIN_TOKEN',
  featuresFile: 'PEEL_FEATURES_FILE',
  legacyUrl: 'LEGACY_URL',
  stateFile: 'PEEL_STATE_FILE',
  mongodbUrl: 'MONGODB_URL',
  mongodbDatabase: 'PEEL_MONGODB_DATABASE',
  trustedProxies: 'TRUSTED_PROXIES',
  progressIntervalMs: 'PROGRESS_INTERVAL_MS',
  drainTimeoutMs: 'DRAIN_TIMEOUT_MS',
  syncIntervalMs: 'SYNC_INTERVAL_MS',
  logLevel: 'LOG_LEVEL',
} as const;
