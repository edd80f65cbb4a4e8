import { connect, createServer, type Server, type Socket } from 'node:net'
import { FLAKY_IP, REGISTRY_IP } from './world.js'

/**
 * How a FaultFront treats a connection:
 * - `pass`: forward it to the registry untouched;
 * - `reset`: reset the first `first` connections (TCP RST), forward the rest;
 * - `silent`: accept every connection and never answer;
 * - `status`: answer the first `first` requests with `status` and close, forward the rest.
 */
export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'reset'; first: number }
  | { kind: 'silent' }
  | { kind: 'status'; status: number; first: number }

/**
 * A TCP front between dockerd and the world's registry, on `FLAKY_IP`:80 (where `FLAKY_ACCOUNT`'s hosts
 * resolve), that injects the faults of a flaky network before forwarding to `REGISTRY_IP`:80. It must run
 * inside the world (the e2e jest process does). It counts what it saw, so tests can tell attempts apart.
 */
export class FaultFront {
  /** Connections accepted so far. */
  connections = 0
  /** HTTP requests seen so far (`status` mode reads them; other modes count only the ones they refuse). */
  requests = 0
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: Server,
    public mode: FaultMode
  ) {}

  /** Listens on `host`:`port` (default `FLAKY_IP`:80) in `mode`. */
  static async start(mode: FaultMode, host = FLAKY_IP, port = 80): Promise<FaultFront> {
    const server = createServer()
    const front = new FaultFront(server, mode)
    server.on('connection', socket => front.handle(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => resolve())
    })
    return front
  }

  /** Starts counting afresh in another mode. */
  reset(mode: FaultMode): void {
    this.mode = mode
    this.connections = 0
    this.requests = 0
  }

  /** How many connections are open now (a stalled one stays open until its client gives up). */
  get open(): number {
    return this.sockets.size
  }

  /** Closes the listener and every connection. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private handle(socket: Socket): void {
    const n = ++this.connections
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => undefined)
    const mode = this.mode
    if (mode.kind === 'reset' && n <= mode.first) {
      socket.resetAndDestroy()
      return
    }
    if (mode.kind === 'silent') return
    if (mode.kind === 'status') {
      let head = ''
      const onData = (chunk: Buffer) => {
        head += chunk.toString('latin1')
        if (!head.includes('\r\n\r\n')) return
        socket.off('data', onData)
        if (++this.requests <= mode.first) {
          socket.end(
            `HTTP/1.1 ${mode.status} Fault Injected\r\nContent-Type: text/plain\r\n` +
              `Content-Length: 14\r\nConnection: close\r\n\r\nfault injected`
          )
        } else {
          forward(socket, Buffer.from(head, 'latin1'))
        }
      }
      socket.on('data', onData)
      return
    }
    forward(socket)
  }
}

/** Pipes `socket` to the registry, after replaying what was already read from it. */
function forward(socket: Socket, already?: Buffer): void {
  const upstream = connect(80, REGISTRY_IP)
  upstream.on('error', () => socket.destroy())
  socket.on('error', () => upstream.destroy())
  if (already) upstream.write(already)
  socket.pipe(upstream).pipe(socket)
}
