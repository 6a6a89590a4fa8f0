import type { Server } from 'node:http';

/**
 * Stops accepting connections at once, lets requests in flight finish for up to `graceMs`, then
 * cuts what is left. Keep-alive connections are closed as soon as they are idle, so a device
 * polling on an open connection does not hold the shutdown for the whole grace period.
 * Resolves with the number of connections that had to be cut.
 */
export async function closeGracefully(server: Server, graceMs: number): Promise<{ cut: boolean }> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), graceMs);
  });
  try {
    const outcome = await Promise.race([closed.then(() => 'closed' as const), deadline]);
    if (outcome === 'deadline') {
      server.closeAllConnections();
      await closed;
      return { cut: true };
    }
    return { cut: false };
  } finally {
    clearInterval(idleSweep);
    clearTimeout(timer);
  }
}
