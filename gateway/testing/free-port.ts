import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A port on loopback that nothing listens on right now, for the servers tests and benchmarks start. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until a server process listens on `port` (loopback); fails with its output if it exits or stays silent. */
export async function waitForPort(port: number, proc: ChildProcess, name: string, logs: () => string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${String(proc.exitCode)}:\n${logs()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`${name} did not listen on ${String(port)} within ${String(timeoutMs)} ms:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
