/**
 * Progress of a file import on stderr: one line redrawn in place on a terminal; in a log (CI, a
 * redirected stderr) a plain line at most every 5 seconds, so the log stays readable.
 */

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  output?: ProgressOutput;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  label?: string;
  /** What is counted: 'rows' for an import, 'households' for a scan. */
  unit?: string;
  /** Whether lines show a count of rejected rows (an import does, a scan has none). */
  showRejected?: boolean;
}

const TTY_REDRAW_MS = 100;
const LOG_INTERVAL_MS = 5000;
const BAR_WIDTH = 24;

export class ProgressBar {
  private readonly output: ProgressOutput;
  private readonly now: () => number;
  private readonly label: string;
  private readonly unit: string;
  private readonly showRejected: boolean;
  private readonly startedAt: number;
  private lastWrittenAt = -Infinity;
  private lastLineLength = 0;
  private finished = false;

  constructor(
    private readonly totalBytes: number,
    options: ProgressBarOptions = {},
  ) {
    this.output = options.output ?? process.stderr;
    this.now = options.now ?? Date.now;
    this.label = options.label ?? 'import';
    this.unit = options.unit ?? 'rows';
    this.showRejected = options.showRejected ?? true;
    this.startedAt = this.now();
    // a log gets its first line after one interval, not a 0% line at the start
    if (!this.output.isTTY) this.lastWrittenAt = this.startedAt;
  }

  update(bytesRead: number, rowsDone: number, rejected = 0): void {
    if (this.finished) return;
    const now = this.now();
    const interval = this.output.isTTY ? TTY_REDRAW_MS : LOG_INTERVAL_MS;
    if (now - this.lastWrittenAt < interval) return;
    this.lastWrittenAt = now;
    this.write(this.line(bytesRead, rowsDone, rejected, now));
  }

  /** The last line, with the totals; ends the redrawn line on a terminal. */
  finish(rowsDone: number, rejected = 0): void {
    if (this.finished) return;
    this.finished = true;
    const now = this.now();
    const seconds = (now - this.startedAt) / 1000;
    const summary =
      `${this.label}: ${formatCount(rowsDone)} ${this.unit} in ${formatDuration(seconds)}` +
      ` (${formatCount(Math.round(rowsDone / Math.max(seconds, 0.001)))} ${this.unit}/s)${this.showRejected ? `, ${formatCount(rejected)} rejected` : ''}`;
    this.write(summary);
    if (this.output.isTTY) this.output.write('\n');
  }

  private write(line: string): void {
    if (!this.output.isTTY) {
      this.output.write(`${line}\n`);
      return;
    }
    const width = (this.output.columns ?? 80) - 1;
    const fitted = line.length > width ? line.slice(0, width) : line;
    this.output.write(`\r${fitted}${' '.repeat(Math.max(0, this.lastLineLength - fitted.length))}`);
    this.lastLineLength = fitted.length;
  }

  private line(bytesRead: number, rowsDone: number, rejected: number, now: number): string {
    const fraction = this.totalBytes > 0 ? Math.min(1, bytesRead / this.totalBytes) : 0;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(rowsDone / seconds) : 0;
    const eta = fraction > 0 && fraction < 1 ? formatDuration((seconds * (1 - fraction)) / fraction) : '-';
    const rejectedText = this.showRejected ? `, ${formatCount(rejected)} rejected` : '';
    const counts = `${formatCount(rowsDone)} ${this.unit}${rejectedText}, ${formatCount(rate)} ${this.unit}/s, ETA ${eta}`;
    if (!this.output.isTTY) return `${this.label}: ${percent.trim()} ${counts}`;
    const filled = Math.round(fraction * BAR_WIDTH);
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent} ${counts}`;
  }
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
