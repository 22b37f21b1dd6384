/**
 * A silent network drop (cable pulled, Wi-Fi gone) closes no socket: socket.io notices only after its
 * ping timeout. The server pings every 10 s, so a display that heard nothing for longer than
 * `silentMs` marks itself as possibly stale before that, and resyncs when the server is heard again.
 */
export class Liveness {
  private lastHeard: number;
  private silent = false;

  constructor(private readonly options: { silentMs: number; now: () => number; onChange: (silent: boolean) => void }) {
    this.lastHeard = options.now();
  }

  /** Anything arrived from the server (a ping, an event, an ack). */
  heard(): void {
    this.lastHeard = this.options.now();
    if (this.silent) {
      this.silent = false;
      this.options.onChange(false);
    }
  }

  /** Called periodically. */
  check(): void {
    if (!this.silent && this.options.now() - this.lastHeard > this.options.silentMs) {
      this.silent = true;
      this.options.onChange(true);
    }
  }
}
