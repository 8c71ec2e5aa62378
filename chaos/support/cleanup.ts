/**
 * A stack of stop functions: whatever a scenario starts (processes, brokers, databases, servers) is pushed
 * right after it started, and `run()` stops all of it in reverse order, each step on its own, so one failing
 * stop never leaves the others running. The runner calls it after every scenario, on failure, on timeout and
 * on Ctrl-C.
 */
export class Cleanup {
  private readonly steps: Array<{ what: string; stop: () => Promise<unknown> }> = [];

  defer(what: string, stop: () => Promise<unknown>): void {
    this.steps.push({ what, stop });
  }

  async run(report: (message: string) => void = (message) => console.error(message)): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.stop();
      } catch (error) {
        report(`chaos cleanup: stopping ${step.what} failed: ${(error as Error).message}`);
      }
    }
  }
}
