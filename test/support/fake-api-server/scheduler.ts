/**
 * Work the fake does later, as controllers would (namespace cleanup, garbage collection,
 * status rules): on timers, or at once with `flush()` so tests need not sleep. All of it
 * stops with the server.
 */

interface Task {
  readonly due: number;
  readonly label: string;
  readonly run: () => void;
  readonly timer: NodeJS.Timeout | undefined;
}

export class Scheduler {
  private readonly tasks = new Map<number, Task>();
  private nextId = 1;
  private stopped = false;

  /** Runs `run` after `delayMs` (never by itself when Infinity: only `flush()` runs it). Returns a cancel function. */
  schedule(delayMs: number, label: string, run: () => void): () => void {
    if (this.stopped) return () => {};
    const id = this.nextId++;
    const timer = Number.isFinite(delayMs) ? setTimeout(() => this.runTask(id), Math.max(0, delayMs)) : undefined;
    this.tasks.set(id, { due: Date.now() + delayMs, label, run, timer });
    return () => this.cancel(id);
  }

  /** Labels of the tasks not run yet. */
  pending(): string[] {
    return [...this.tasks.values()].map((task) => task.label);
  }

  /** Runs every pending task now, earliest first, and the tasks they schedule. */
  flush(): void {
    for (let round = 0; round < 10_000 && this.tasks.size > 0; round++) {
      const [id] = [...this.tasks.entries()].sort(([, a], [, b]) => a.due - b.due)[0];
      this.runTask(id);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.tasks.keys()]) this.cancel(id);
  }

  private cancel(id: number): void {
    const task = this.tasks.get(id);
    if (task?.timer) clearTimeout(task.timer);
    this.tasks.delete(id);
  }

  private runTask(id: number): void {
    const task = this.tasks.get(id);
    if (!task) return;
    this.cancel(id);
    task.run();
  }
}
