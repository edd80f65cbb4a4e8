import { connect, createServer, type Server, type Socket } from 'node:net'

// A TCP proxy that adds network latency: every chunk, in each direction, is passed on `delayMs` after it arrived,
// in order. The kernel of this machine has no netem, so this is how the bench puts a WAN between the action and
// the API emulator and between dockerd and the registry. It works below TLS, so handshakes pay the delay too.
//
// A TCP handshake costs a client one round trip before it can send, but here the kernel completes it locally at
// once. With `handshake` on (the default) the first chunk from the client is therefore held for one more round
// trip (3 × delayMs after the connection was accepted instead of 1 ×), which is when it would reach a real
// server. That is exact for protocols where the client speaks first, as HTTP and TLS do.

/** Options for `DelayProxy.start`. */
export interface DelayProxyOptions {
  /** Where to listen. */
  listen: { host: string; port: number }
  /** Where to forward each connection. */
  target: { host: string; port: number }
  /** One-way delay in milliseconds; the round trip is twice this. */
  delayMs: number
  /** Charge each new connection one round trip for its TCP handshake; default true. */
  handshake?: boolean
}

/** What went through a proxy since it started or since `resetStats()`. */
export interface DelayProxyStats {
  connections: number
  bytesUp: number
  bytesDown: number
}

const END = Symbol('end')
type Item = Buffer | typeof END

/** Passes `from`'s data to `to`, each chunk `delayMs` after it arrived (and the first no earlier than `notBefore`). */
class DelayedPipe {
  private readonly queue: { due: number; item: Item }[] = []
  private timer?: NodeJS.Timeout
  private lastDue = 0

  constructor(
    private readonly to: Socket,
    private readonly delayMs: () => number,
    private notBefore: number,
    private readonly count: (bytes: number) => void
  ) {}

  push(item: Item): void {
    if (item !== END) this.count(item.length)
    const due = Math.max(performance.now() + this.delayMs(), this.lastDue, this.notBefore)
    this.notBefore = 0
    this.lastDue = due
    this.queue.push({ due, item })
    this.schedule()
  }

  stop(): void {
    clearTimeout(this.timer)
    this.queue.length = 0
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return
    const wait = Math.max(0, this.queue[0].due - performance.now())
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.flush()
    }, wait)
  }

  private flush(): void {
    // Timers may fire up to a millisecond early or late; anything due within half a millisecond goes now.
    const now = performance.now() + 0.5
    while (this.queue.length > 0 && this.queue[0].due <= now) {
      const { item } = this.queue.shift()!
      if (this.to.destroyed) continue
      if (item === END) this.to.end()
      else this.to.write(item)
    }
    this.schedule()
  }
}

/** A running delaying proxy. */
export class DelayProxy {
  /** One-way delay in milliseconds; may be changed while running. */
  delayMs: number
  readonly stats: DelayProxyStats = { connections: 0, bytesUp: 0, bytesDown: 0 }
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: Server,
    private readonly options: DelayProxyOptions
  ) {
    this.delayMs = options.delayMs
    server.on('connection', client => this.accept(client))
  }

  /** Listens; resolves once the port is bound. */
  static async start(options: DelayProxyOptions): Promise<DelayProxy> {
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true })
    const proxy = new DelayProxy(server, options)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.listen.port, options.listen.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    return proxy
  }

  /** Zeroes the counters. */
  resetStats(): void {
    Object.assign(this.stats, { connections: 0, bytesUp: 0, bytesDown: 0 })
  }

  /** Stops listening and drops every connection. */
  async stop(): Promise<void> {
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    await closed
  }

  private accept(client: Socket): void {
    this.stats.connections++
    const accepted = performance.now()
    const delay = () => this.delayMs
    const upstream = connect({ ...this.options.target, allowHalfOpen: true })
    for (const s of [client, upstream]) {
      this.sockets.add(s)
      s.setNoDelay(true)
      s.on('close', () => this.sockets.delete(s))
    }
    const handshake = this.options.handshake ?? true
    const up = new DelayedPipe(upstream, delay, handshake ? accepted + 3 * this.delayMs : 0, n => {
      this.stats.bytesUp += n
    })
    const down = new DelayedPipe(client, delay, 0, n => {
      this.stats.bytesDown += n
    })
    client.on('data', (chunk: Buffer) => up.push(chunk))
    client.on('end', () => up.push(END))
    upstream.on('data', (chunk: Buffer) => down.push(chunk))
    upstream.on('end', () => down.push(END))
    // A reset on either side ends both at once: there is nothing sensible left to deliver.
    const abort = () => {
      up.stop()
      down.stop()
      client.destroy()
      upstream.destroy()
    }
    client.on('error', abort)
    upstream.on('error', abort)
    client.on('close', () => {
      if (!client.readableEnded) abort()
    })
    upstream.on('close', () => {
      if (!upstream.readableEnded) abort()
    })
    upstream.once('connect', () => client.resume())
  }
}
