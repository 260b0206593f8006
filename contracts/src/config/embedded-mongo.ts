import { z } from 'zod';
import { LogLevel, Port } from './common.ts';

export const EmbeddedMongoConfig = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: Port.default(27027),
    /** Keep data across restarts in this directory (journaled); in memory when unset. */
    dbpath: z.string().min(1).optional(),
    /** How many changes the change log keeps for resuming streams. */
    changeLogSize: z.coerce.number().int().min(16).default(100_000),
    replicaSet: z.string().min(1).default('rs0'),
    logLevel: LogLevel,
  })
  .strict();
export type EmbeddedMongoConfig = z.output<typeof EmbeddedMongoConfig>;
