/**
 * Structured log lines on stderr (one JSON object a line), so the Electron shell,
 * the browser host and CI logs all read the same. Tests may swap the sink.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogRecord = { level: LogLevel; event: string; at: number; [k: string]: unknown };
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export function createLogger(sink: (r: LogRecord) => void = (r) => process.stderr.write(JSON.stringify(r) + '\n'), minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return (level, event, fields) => {
    if (order[level] < order[minLevel]) return;
    sink({ level, event, at: Date.now(), ...fields });
  };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
