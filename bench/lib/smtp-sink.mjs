import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that accepts everything and only counts what it receives. */
export async function startSmtpSink() {
  const sink = { received: 0, firstAt: 0, lastAt: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1 << 20,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        const now = performance.now();
        if (sink.received === 0) sink.firstAt = now;
        sink.lastAt = now;
        sink.received += 1;
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${server.server.address().port}?tls=off`;
  /** Forgets what was counted (a new round). */
  sink.reset = () => Object.assign(sink, { received: 0, firstAt: 0, lastAt: 0 });
  sink.stop = () => new Promise((resolve) => server.close(resolve));
  return sink;
}
