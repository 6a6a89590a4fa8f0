/**
 * A TCP proxy that holds every chunk for DELAY ms in each direction: MySQL on another host (the
 * loopback has no netem here). With it, what a saved round trip is worth shows, e.g.
 *   tsx bench/tools/latencyProxy.ts 3307 3306 1 &
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 tsx bench/tools/smallRequests.ts --db mysql --contacts 2000 --requests 500
 */
import net from 'node:net';
const [listen, target, delayMs] = [Number(process.argv[2] ?? 3307), Number(process.argv[3] ?? 3306), Number(process.argv[4] ?? 1)];
net.createServer((client) => {
  const server = net.connect(target, '127.0.0.1');
  const pipe = (from: net.Socket, to: net.Socket) => from.on('data', (c) => setTimeout(() => to.write(c), delayMs));
  pipe(client, server); pipe(server, client);
  const end = () => { client.destroy(); server.destroy(); };
  client.on('close', end); server.on('close', end); client.on('error', end); server.on('error', end);
}).listen(listen, '127.0.0.1', () => console.log('proxy', listen, '->', target, delayMs, 'ms'));
