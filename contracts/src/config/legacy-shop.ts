import { z } from 'zod';
import { Listen, LogLevel, MongoUrl, Port } from './common.ts';

export const LegacyShopConfig = z
  .object({
    http: Listen('0.0.0.0', 3000),
    /** Unset: the shop starts an embedded MongoDB-compatible server of its own. */
    mongodbUrl: MongoUrl.optional(),
    /** Where that embedded server listens, so `peel seed` can reach it with no URL given. */
    embeddedMongoPort: Port.default(27027),
    database: z.string().min(1).default('shop'),
    logLevel: LogLevel,
  })
  .strict();
export type LegacyShopConfig = z.output<typeof LegacyShopConfig>;
