// Baseline of the fan-out: a raw `ws` server that sends the bytes it is given to every connected
// socket, one `send` each, as a hand-written broadcast would. `POST /broadcast` with the message as
// the body answers {"start": <ms since the epoch when the loop began>, "sockets": n}.
// Usage: node ws-broadcast.mjs; prints {"port": n}.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const message = Buffer.concat(chunks).toString('utf8');
    const start = Date.now();
    for (const socket of sockets.clients) socket.send(message);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ start, sockets: sockets.clients.size }));
  });
});
const sockets = new WebSocketServer({ server, path: '/ws' });
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => {
  for (const socket of sockets.clients) socket.terminate();
  server.close(() => process.exit(0));
});
