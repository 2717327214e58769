/** One `par` sub-command. `run` returns the exit code, or nothing when the process lives on. */
export interface Command {
  readonly name: string;
  /** One line for `par --help`. */
  readonly summary: string;
  /** The full text of `par <name> --help`. */
  readonly help: string;
  run(args: string[]): Promise<number | undefined>;
}

/** Asked for help: `-h` or `--help` anywhere among the arguments. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
