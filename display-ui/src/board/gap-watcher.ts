/**
 * Decides when a display must ask `display:sync`: a `ticket:called` skipped a seq (we missed an event)
 * and no full state at least that new arrives within `graceMs` (the server sends `display:updated`
 * after every batch of changes, at most every `displayStateEveryMs` in a busy hall, so usually one does and no
 * request is needed).
 */
export class GapWatcher {
  private fullStateSeq = -1;
  private waitingFor = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: { graceMs: number; sync: () => void }) {}

  /** A full state arrived (snapshot, update or sync answer). */
  stateSeen(seq: number): void {
    this.fullStateSeq = Math.max(this.fullStateSeq, seq);
    if (this.timer && this.fullStateSeq >= this.waitingFor) this.cancel();
  }

  /** A call arrived; `gap` when its seq skipped a number. */
  callSeen(seq: number, gap: boolean): void {
    if (!gap) return;
    this.waitingFor = Math.max(this.waitingFor, seq);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.fullStateSeq < this.waitingFor) this.options.sync();
    }, this.options.graceMs);
  }

  /** After a reconnect the server's numbering may start anywhere. */
  reset(): void {
    this.cancel();
    this.fullStateSeq = -1;
    this.waitingFor = -1;
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
