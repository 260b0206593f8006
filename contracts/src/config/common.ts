import { z } from 'zod';

export const Port = z.coerce.number().int().min(0).max(65_535);
export const Millis = z.coerce.number().int().min(0);
export const BooleanFlag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);

export const Listen = (host: string, port: number) =>
  z.object({ host: z.string().min(1).default(host), port: Port.default(port) }).strict().prefault({});

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export const MongoUrl = z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URL');
export const AmqpUrl = z.string().regex(/^amqps?:\/\//, 'expected an amqp:// or amqps:// URL');

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const EVENTS_EXCHANGE = 'peel.events';
export const DEAD_LETTER_EXCHANGE = 'peel.dlx';
