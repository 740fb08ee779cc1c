import * as fs from "fs";
import * as path from "path";

/*
 * Each phase's Terraform and Ansible output, kept in `.homelab/logs/<env>/<time>-<phase>.log`
 * (gitignored) so a failure can be read in full; the last lines are shown on the terminal.
 * Nothing secret is written: the join token travels only in a child process's environment.
 */

/** The log file of one phase of one run. */
export class PhaseLog {
  readonly file: string;
  private readonly fd: number;

  constructor(root: string, environment: string, runStarted: Date, phase: string) {
    const stamp = runStarted.toISOString().replace(/[:.]/g, "-");
    this.file = path.join(root, ".homelab", "logs", environment, `${stamp}-${phase}.log`);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = fs.openSync(this.file, "a");
  }

  /** Appends text. */
  write = (text: string): void => {
    fs.writeSync(this.fd, text);
  };

  /** Closes the file. */
  close(): void {
    fs.closeSync(this.fd);
  }

  /** The last `lines` lines written (ANSI colours removed). */
  tail(lines = 20): string {
    const text = fs.readFileSync(this.file, "utf8").replace(/\u001b\[[0-9;]*m/g, "").trimEnd();
    return text.split("\n").slice(-lines).join("\n");
  }
}
