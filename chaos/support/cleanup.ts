/**
 * A stack of stop functions: whatever a scenario starts (processes, brokers, databases, servers) is pushed
 * right after it started, and `run()` stops all of it in reverse order, each step on its own, so one failing
 * stop never leaves the others running. The runner calls it after every scenario, on failure, on timeout and
 * on Ctrl-C. After `close()` (Ctrl-C), anything the still-running scenario starts later is stopped at once.
 */
export class Cleanup {
  private readonly steps: Array<{ what: string; stop: () => Promise<unknown> }> = [];
  private closed = false;
  private report: (message: string) => void = (message) => console.error(message);

  defer(what: string, stop: () => Promise<unknown>): void {
    if (this.closed) {
      void stop().catch((error: Error) =>
        this.report(`chaos cleanup: stopping ${what} failed: ${error.message}`),
      );
      return;
    }
    this.steps.push({ what, stop });
  }

  async run(report: (message: string) => void = this.report): Promise<void> {
    this.report = report;
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.stop();
      } catch (error) {
        report(`chaos cleanup: stopping ${step.what} failed: ${(error as Error).message}`);
      }
    }
  }

  /** Stops everything now and everything deferred from now on. */
  close(report?: (message: string) => void): Promise<void> {
    this.closed = true;
    return this.run(report);
  }
}
