/**
 * Turns for upload bodies. At most `limit` uploads are received and accepted at once; the others wait in
 * the order they arrived, their bytes held in the kernel's socket buffers (TCP flow control stops the
 * sender, nothing is refused). Without it, every upload of the deadline night is read at once and the
 * server's two cores are shared out in whatever order sockets become readable: uploads that started
 * together finish seconds apart (p99 twice the median, docs/BENCHMARKS.md), and every one of them holds
 * its buffers all the while. With turns each upload waits its turn and is then read at full speed, so
 * latencies gather around the mean, and memory holds `limit` uploads' buffers whatever the number of
 * connections.
 *
 * The gate limits the work the server does, not the connections it serves: an upload whose body arrives
 * slower than `minBytesPerSecond` over a `windowMs` (a phone on a weak signal, a dead connection) gives its
 * turn to the next one and carries on outside the gate, so slow senders never keep fast ones waiting
 * while the server idles. Once its body is complete an upload keeps its turn until it is accepted or
 * refused (hashing, checks, storing: the server's own work).
 */

/** What the gate watches of a request: the bytes its connection has delivered, and whether it is over. */
export interface GatedRequest {
  readonly complete: boolean;
  readonly destroyed: boolean;
  readonly socket: { readonly bytesRead: number } | null;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

export interface Turn {
  /** Milliseconds spent waiting for the turn. */
  readonly waited: number;
  /** Ends the turn (idempotent); the next waiting upload starts. */
  leave(): void;
}

export interface GateOptions {
  /** Uploads received and accepted at once; 0 turns the gate off. */
  limit: number;
  windowMs?: number;
  minBytesPerSecond?: number;
}

interface Holder {
  req: GatedRequest;
  /** The connection's bytesRead at the last check, and when that was. */
  bytes: number;
  at: number;
  /** Still counted against the limit (false once it gave its turn up for being slow). */
  counted: boolean;
}

export function createUploadGate(options: GateOptions) {
  const { limit, windowMs = 1_000, minBytesPerSecond = 1_048_576 } = options;
  const holders = new Set<Holder>();
  const waiting: { req: GatedRequest; admit: () => void }[] = [];
  let counted = 0;
  let timer: NodeJS.Timeout | undefined;

  const bytesOf = (req: GatedRequest) => req.socket?.bytesRead ?? 0;

  /** Starts waiting uploads while there is room (each counted at once, before its waiter resumes). */
  const admitNext = () => {
    while (counted < limit && waiting.length > 0) {
      counted++;
      waiting.shift()?.admit();
    }
  };

  const uncount = (h: Holder) => {
    if (!h.counted) return;
    h.counted = false;
    counted--;
    admitNext();
  };

  /** Every window: a holder still receiving, but slower than the floor, gives its turn up. */
  const check = () => {
    const now = performance.now();
    for (const h of holders) {
      if (!h.counted || h.req.complete || now - h.at < windowMs) continue;
      const bytes = bytesOf(h.req);
      if (((bytes - h.bytes) * 1000) / (now - h.at) < minBytesPerSecond) uncount(h);
      h.bytes = bytes;
      h.at = now;
    }
    if (holders.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  /** The turn of `req`, already counted against the limit. */
  const start = (req: GatedRequest, waited: number): Turn => {
    const holder: Holder = { req, bytes: bytesOf(req), at: performance.now(), counted: true };
    holders.add(holder);
    if (!timer) {
      timer = setInterval(check, Math.max(10, windowMs / 4));
      timer.unref();
    }
    let left = false;
    return {
      waited,
      leave() {
        if (left) return;
        left = true;
        holders.delete(holder);
        uncount(holder);
      },
    };
  };

  /**
   * Waits for `req`'s turn. A request whose connection closes while it waits leaves the line at once with
   * a turn that holds nothing (reading its body then fails as it would have).
   */
  async function enter(req: GatedRequest): Promise<Turn> {
    const began = performance.now();
    if (limit <= 0 || req.destroyed) return { waited: 0, leave: () => undefined };
    if (counted < limit && waiting.length === 0) {
      counted++;
      return start(req, 0);
    }
    const admitted = await new Promise<boolean>((resolve) => {
      const entry = {
        req,
        admit: () => {
          req.off('close', onClose);
          resolve(true);
        },
      };
      const onClose = () => {
        const at = waiting.indexOf(entry);
        if (at >= 0) waiting.splice(at, 1);
        resolve(false);
      };
      req.once('close', onClose);
      waiting.push(entry);
    });
    const waited = performance.now() - began;
    return admitted ? start(req, waited) : { waited, leave: () => undefined };
  }

  return {
    enter,
    /** Uploads holding a turn (counted against the limit) and waiting for one. */
    stats: () => ({ holding: counted, outside: holders.size - counted, waiting: waiting.length }),
  };
}

export type UploadGate = ReturnType<typeof createUploadGate>;
