import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { PEEL_VERSION } from './version.ts';

export type { Logger } from 'pino';

export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'request.headers.cookie',
  '*.authorization',
  '*.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export interface CreateLoggerOptions {
  level?: string;
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

/** pino JSON, one line per event, with the base fields every Peel process shares. */
export function createLogger(service: string, options: CreateLoggerOptions = {}): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service, version: PEEL_VERSION, ...options.base },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
