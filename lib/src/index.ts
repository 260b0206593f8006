export { PeelError, defineError, hasCode, ERROR_CODE_PATTERN, type ErrorFactory } from './peel-error.ts';
export { libErrors } from './errors.ts';
export { createLogger, REDACTED_PATHS, type Logger, type CreateLoggerOptions } from './logger.ts';
export { parseConfig, envToObject, mergeConfig } from './config.ts';
export { describeIssues, formatPath, issuesToText, type FieldIssue } from './zod-issues.ts';
export { waitFor } from './wait-for.ts';
export { closeOnSignals, type Closable } from './shutdown.ts';
export { releaseStartUpSignals } from './start-up-signals.ts';
export { PEEL_VERSION } from './version.ts';
