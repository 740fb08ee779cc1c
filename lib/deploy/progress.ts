import { createSpinner, Spinner } from "nanospinner";

/*
 * Progress a person can follow: one line per phase with its elapsed time. On a terminal a spinner
 * (nanospinner) turns while the phase runs; elsewhere (CI logs) plain timestamped lines.
 */

/** Reports phases as they start and end. */
export interface Progress {
  /** A phase starts. */
  start(phase: string, title: string): void;
  /** The running phase ended well; `detail` is a short summary. */
  succeed(detail?: string): void;
  /** The running phase failed. */
  fail(detail: string): void;
  /** A phase is not run (skipped, or before `--from`). */
  skip(phase: string, why: string): void;
  /** A line of its own (a plan summary, the final report). */
  note(text: string): void;
  /** Stops any spinner (before a prompt). */
  pause(): void;
  /** Starts it again after the prompt. */
  resume(): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Plain timestamped lines, one when a phase starts and one when it ends: for CI logs and pipes. */
export class LineProgress implements Progress {
  private current?: { phase: string; started: number };

  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  private line(text: string): void {
    this.write(`[${new Date(this.now()).toISOString()}] ${text}\n`);
  }

  start(phase: string, title: string): void {
    this.current = { phase, started: this.now() };
    this.line(`${phase}: ${title} ...`);
  }

  succeed(detail?: string): void {
    const c = this.current!;
    this.line(`${c.phase}: done in ${seconds(this.now() - c.started)}${detail ? ` - ${detail}` : ""}`);
    this.current = undefined;
  }

  fail(detail: string): void {
    const c = this.current!;
    this.line(`${c.phase}: FAILED after ${seconds(this.now() - c.started)} - ${detail}`);
    this.current = undefined;
  }

  skip(phase: string, why: string): void {
    this.line(`${phase}: skipped (${why})`);
  }

  note(text: string): void {
    this.write(`${text}\n`);
  }

  pause(): void {
    // Nothing animates.
  }

  resume(): void {
    // Nothing animates.
  }
}

/** A spinner per phase, its line showing the elapsed time, left as ✔/✖ with the time when the phase ends. */
export class SpinnerProgress implements Progress {
  private current?: { phase: string; title: string; started: number; spinner: Spinner; timer: NodeJS.Timeout };
  private paused?: { phase: string; title: string; started: number };

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  start(phase: string, title: string, started = Date.now()): void {
    const spinner = createSpinner(`${phase}: ${title}`, { stream: this.stream }).start();
    const timer = setInterval(() => spinner.update({ text: `${phase}: ${title} (${seconds(Date.now() - started)})` }), 500);
    this.current = { phase, title, started, spinner, timer };
  }

  private end(): { phase: string; title: string; elapsed: string; spinner: Spinner } {
    const c = this.current!;
    clearInterval(c.timer);
    this.current = undefined;
    return { ...c, elapsed: seconds(Date.now() - c.started) };
  }

  succeed(detail?: string): void {
    const c = this.end();
    c.spinner.success({ text: `${c.phase}: ${c.title} (${c.elapsed})${detail ? ` - ${detail}` : ""}` });
  }

  fail(detail: string): void {
    const c = this.end();
    c.spinner.error({ text: `${c.phase}: ${c.title} (${c.elapsed}) - ${detail}` });
  }

  skip(phase: string, why: string): void {
    this.stream.write(`- ${phase}: skipped (${why})\n`);
  }

  note(text: string): void {
    const c = this.current;
    if (c) c.spinner.clear();
    this.stream.write(`${text}\n`);
    if (c) c.spinner.render();
  }

  pause(): void {
    const c = this.current;
    if (!c) return;
    // Stopped, not just cleared: a turning spinner would redraw over the question.
    clearInterval(c.timer);
    c.spinner.stop({ text: `${c.phase}: ${c.title} (${seconds(Date.now() - c.started)}) - waiting for an answer`, mark: "?" });
    this.paused = c;
    this.current = undefined;
  }

  resume(): void {
    const p = this.paused;
    this.paused = undefined;
    if (p) this.start(p.phase, p.title, p.started);
  }
}

/** The spinner on a terminal, plain lines otherwise. */
export function progressFor(stream: NodeJS.WriteStream = process.stderr): Progress {
  // A terminal that reports no width (some pseudo-terminals) would make the spinner redraw forever.
  return stream.isTTY && (stream.columns ?? 0) > 0 && !process.env.CI ? new SpinnerProgress(stream) : new LineProgress((text) => stream.write(text));
}
