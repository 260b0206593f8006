export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Every subcommand module exports `run`, which resolves to the exit code. */
export interface CommandModule {
  run(args: string[], ctx: CliContext): Promise<number>;
}

export interface Command {
  name: string;
  summary: string;
  /** Runs until stopped and handles SIGTERM/SIGINT itself (closeOnSignals or releaseStartUpSignals). */
  handlesSignals?: true;
  load(): Promise<CommandModule>;
}
