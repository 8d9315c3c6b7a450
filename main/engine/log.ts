// Logging for the engine and everything above it. Every line passes through the redactor
// on its way out, whatever a caller put in it: tokens, passwords and pre-signed URL
// signatures never reach a log file, however a message was built; and control characters
// from file names or server messages are escaped, so a log line is only ever text.

import { forTerminal } from '../../shared/visible-text';
import { redactText, redactUrl } from './redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Field names whose values are never written, whatever they hold. */
const SECRET_FIELDS = /pass(word)?|token|secret|authorization|cookie|signature|credential/i;

export function createLogger(write: (line: string) => void, minimum: LogLevel = 'info', now: () => Date = () => new Date()): Logger {
  const threshold = LOG_LEVELS.indexOf(minimum);
  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    let line = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`;
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        line += ` ${key}=${formatValue(key, value)}`;
      }
    }
    // Logs are read in terminals (`tail -f`): a file name must not be able to act on one.
    write(forTerminal(redactText(line)));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

function formatValue(key: string, value: string | number | boolean | null): string {
  if (SECRET_FIELDS.test(key)) return '[REDACTED]';
  if (typeof value !== 'string') return String(value);
  const text = /^https?:\/\//i.test(value) ? redactUrl(value) : value;
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
