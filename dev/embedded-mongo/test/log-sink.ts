import { Writable } from 'node:stream';

export interface LogLine {
  msg: string;
  level: string;
  [field: string]: unknown;
}

/** Collects a server's JSON log lines so tests can check what was logged. */
export function logSink(): { lines: LogLine[]; stream: Writable } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { lines, stream };
}
