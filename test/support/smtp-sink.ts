import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Header names in lower case; the first value of each. */
  headers: Record<string, string>;
  subject: string;
  /** The raw message (headers and MIME body). */
  raw: string;
  /** The text/plain part, decoded. */
  text: string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const index = line.indexOf(':');
    const name = line.slice(0, index).trim().toLowerCase();
    if (index > 0 && !(name in headers)) headers[name] = line.slice(index + 1).trim();
  }
  let text = '';
  const textPart =
    /Content-Type: text\/plain[^\r\n]*\r\n(?:[^\r\n]+\r\n)*?(?:Content-Transfer-Encoding: ([^\r\n]+)\r\n)?(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)(?:\r\n--|$)/i.exec(
      raw,
    );
  if (textPart) {
    const encoding = (textPart[1] ?? '').toLowerCase();
    const body = textPart[2] ?? '';
    text =
      encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : encoding === 'base64'
          ? Buffer.from(body, 'base64').toString('utf8')
          : body;
  }
  const subject = (headers.subject ?? '').replace(/=\?utf-8\?Q\?(.*?)\?=/gi, (_m, q: string) =>
    decodeQuotedPrintable(q.replace(/_/g, ' ')),
  );
  return { from, to, headers, subject, raw, text };
}

/** A real SMTP server on loopback that keeps what it receives, for tests to wait on. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private readonly waiters = new Set<() => void>();
  private server: SMTPServer;
  port = 0;
  /** When set, the next RCPT TO fails with a temporary error (to exercise retries). */
  failNext = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (this.failNext > 0) {
          this.failNext -= 1;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const to = session.envelope.rcptTo.map((r) => r.address);
          this.messages.push(parse(Buffer.concat(chunks).toString('utf8'), from, to));
          for (const wake of this.waiters) wake();
          callback();
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  /** Messages to `address`, in arrival order. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  }

  /** Waits until a message matches (default 5 s), and returns it. */
  async waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 5_000): Promise<ReceivedMail> {
    const found = (): ReceivedMail | undefined => this.messages.find(predicate);
    const existing = found();
    if (existing) return existing;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `no matching mail within ${timeoutMs} ms (received ${this.messages.length}: ${this.messages.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ')})`,
          ),
        );
      }, timeoutMs);
      const check = (): void => {
        const mail = found();
        if (!mail) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(mail);
      };
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
