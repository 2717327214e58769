/**
 * Watches one process's sockets from outside it, through /proc: which socket inodes its file
 * descriptors hold, and what the kernel's TCP and UDP tables say each one is. Used to prove the
 * runtime dials nothing out while it boots from a local package.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

/** One socket of the process, as the kernel tables describe it. */
export interface SocketSighting {
  protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  inode: string;
  state: string;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

/** What a watch saw, each socket classified once (its first sighting in that class). */
export interface SocketReport {
  listening: SocketSighting[];
  /** Connections accepted on one of the process's own listening ports. */
  accepted: SocketSighting[];
  /** Anything else: connections it opened, UDP sockets (DNS included). */
  outbound: SocketSighting[];
  polls: number;
}

const tcpStates: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

/** Polls the process's sockets until `stop` is called; then reports what it saw. */
export class SocketWatch {
  private readonly report: SocketReport = { listening: [], accepted: [], outbound: [], polls: 0 };
  /** Sockets already classified, or known to be unix or netlink sockets. */
  private readonly settled = new Set<string>();
  private readonly listeningPorts = new Set<number>();
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 1
  ) {
    this.loop = this.run();
  }

  async stop(): Promise<SocketReport> {
    this.running = false;
    await this.loop;
    return this.report;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const alive = await this.poll().catch(() => false);
      if (!alive) return;
      this.report.polls += 1;
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }

  /** One look; false once the process is gone. */
  private async poll(): Promise<boolean> {
    const inodes = await this.socketInodes();
    if (inodes === undefined) return false;
    // A socket is looked up until it shows in a table: TCP sockets appear once they connect.
    const pending = new Set([...inodes].filter((inode) => !this.settled.has(inode)));
    if (pending.size === 0) return true;

    const sightings = await this.tableEntries(pending, ['tcp', 'tcp6', 'udp', 'udp6']);
    for (const socket of sightings.filter((entry) => entry.state === 'LISTEN')) {
      this.record('listening', socket);
      this.listeningPorts.add(socket.localPort);
    }
    for (const socket of sightings.filter((entry) => entry.state !== 'LISTEN')) {
      const inbound =
        socket.protocol.startsWith('tcp') && this.listeningPorts.has(socket.localPort);
      this.record(inbound ? 'accepted' : 'outbound', socket);
    }

    // Unix and netlink sockets never reach the network: settle them too.
    const unresolved = [...pending].filter((inode) => !this.settled.has(inode));
    if (unresolved.length > 0) {
      for (const inode of await this.localSocketInodes(new Set(unresolved)))
        this.settled.add(inode);
    }
    return true;
  }

  private record(kind: 'listening' | 'accepted' | 'outbound', socket: SocketSighting): void {
    if (this.settled.has(socket.inode)) return;
    this.settled.add(socket.inode);
    this.report[kind].push(socket);
  }

  private async socketInodes(): Promise<Set<string> | undefined> {
    const folder = `/proc/${this.pid}/fd`;
    const fds = await readdir(folder).catch(() => undefined);
    if (fds === undefined) return undefined;
    const targets = await Promise.all(fds.map((fd) => readlink(`${folder}/${fd}`).catch(() => '')));
    const inodes = new Set<string>();
    for (const target of targets) {
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(match[1]!);
    }
    return inodes;
  }

  private async tableEntries(
    inodes: Set<string>,
    protocols: ReadonlyArray<SocketSighting['protocol']>
  ): Promise<SocketSighting[]> {
    const tables = await Promise.all(protocols.map((protocol) => this.table(protocol)));
    const found: SocketSighting[] = [];
    protocols.forEach((protocol, index) => {
      for (const line of tables[index]!.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        const inode = fields[9];
        if (inode === undefined || !inodes.has(inode)) continue;
        const [localAddress, localPort] = parseEndpoint(fields[1]!);
        const [remoteAddress, remotePort] = parseEndpoint(fields[2]!);
        const state = protocol.startsWith('tcp') ? (tcpStates[fields[3]!] ?? fields[3]!) : 'UDP';
        found.push({ protocol, inode, state, localAddress, localPort, remoteAddress, remotePort });
      }
    });
    return found;
  }

  /** Which of `inodes` are unix or netlink sockets (the inode is the last column there). */
  private async localSocketInodes(inodes: Set<string>): Promise<string[]> {
    const tables = await Promise.all([this.table('unix'), this.table('netlink')]);
    const found: string[] = [];
    for (const line of tables.join('\n').split('\n')) {
      const fields = line.trim().split(/\s+/);
      const inode = fields.find((field) => inodes.has(field));
      if (inode !== undefined) found.push(inode);
    }
    return found;
  }

  private table(name: string): Promise<string> {
    return readFile(`/proc/${this.pid}/net/${name}`, 'utf8').catch(() => '');
  }
}

/** `0100007F:1F90` → ['127.0.0.1', 8080]; IPv6 addresses stay in the kernel's hex. */
function parseEndpoint(field: string): [string, number] {
  const [hex = '', portHex = '0'] = field.split(':');
  const port = Number.parseInt(portHex, 16);
  if (hex.length !== 8) return [hex, port];
  const bytes = hex.match(/../g)!.map((byte) => Number.parseInt(byte, 16));
  return [bytes.reverse().join('.'), port];
}

/** Whether a kernel-table address is loopback: 127.0.0.0/8, ::1 or ::ffff:127.x.x.x. */
export function isLoopback(address: string): boolean {
  if (address.startsWith('127.')) return true;
  if (address === '00000000000000000000000001000000') return true;
  return /^0000000000000000FFFF0000[0-9A-F]{6}7F$/i.test(address);
}
