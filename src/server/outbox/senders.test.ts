import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import {
  HttpSmsSender,
  LogSender,
  PermanentSendError,
  SmtpSender,
  createSenders,
  senderConfigFromEnv,
  type OutgoingMessage,
} from './senders';

const TEXT = '【临江12345】您反映的"噪音扰民"问题\n已转交区城管局办理，工单号 LJ2024-001。';
const sms = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ id: 'ob-1', channel: 'sms', to: '13800138000', body: TEXT, ...over });

/** Resolves to the error a promise rejects with, so a test can check its class. */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

async function transient(p: Promise<unknown>): Promise<Error> {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(PermanentSendError);
  return err;
}

/** A port nothing listens on: bound by the OS, then released. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('LogSender', () => {
  it('delivers nothing and answers with an id derived from the outbox row', async () => {
    await expect(new LogSender('sms').send(sms())).resolves.toEqual({ providerId: 'log:ob-1' });
    await expect(new LogSender('email').send(sms())).rejects.toBeInstanceOf(PermanentSendError);
  });
});

describe('HttpSmsSender against a local gateway', () => {
  interface Received {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
  }
  const received: Received[] = [];
  /** path → [status, body]; '/hang' never answers. */
  const answers: Record<string, [number, string]> = {
    '/ok': [200, JSON.stringify({ code: '0', data: { msgId: 'gw-777' } })],
    '/plain': [200, 'OK'],
    '/refused': [200, JSON.stringify({ code: '1', msg: '签名未报备' })],
    '/500': [500, 'internal'],
    '/400': [400, JSON.stringify({ msg: 'invalid mobile' })],
    '/429': [429, 'slow down'],
    '/408': [408, 'timeout'],
  };
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = answers[new URL(req.url ?? '/', 'http://x').pathname];
        if (!answer) return; // '/hang'
        res.writeHead(answer[0], { 'Content-Type': 'application/json; charset=utf-8' }).end(answer[1]);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const last = (): Received => received[received.length - 1]!;

  it('posts the default JSON template with Chinese, quotes and newlines escaped, headers and idempotency key passed', async () => {
    const sender = new HttpSmsSender({ url: `${base}/ok`, headers: { Authorization: 'Bearer s3cret' }, idPath: 'data.msgId' });
    await expect(sender.send(sms({ to: '13900139000' }))).resolves.toEqual({ providerId: 'gw-777' });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.headers.authorization).toBe('Bearer s3cret');
    expect(req.headers['idempotency-key']).toBe('ob-1');
    expect(JSON.parse(req.body)).toEqual({ to: '13900139000', text: TEXT, id: 'ob-1' });
  });

  it('fills a custom JSON template once: a placeholder inside the citizen text stays as typed', async () => {
    const template = '{"mobiles":["{{to}}"],"content":{"sms":"{{text}}"},"bizId":"{{id}}","sign":"临江"}';
    const sender = new HttpSmsSender({ url: `${base}/ok`, template, idPath: 'data.msgId' });
    await sender.send(sms({ body: '请回复 {{id}} \\ 结束' }));
    expect(JSON.parse(last().body)).toEqual({ mobiles: ['13800138000'], content: { sms: '请回复 {{id}} \\ 结束' }, bizId: 'ob-1', sign: '临江' });
  });

  it('sends a form template URL-encoded', async () => {
    const template = 'account=lj12345&mobile={{to}}&content={{text}}&uid={{id}}';
    const sender = new HttpSmsSender({ url: `${base}/plain`, contentType: 'form', template });
    await expect(sender.send(sms({ body: 'a&b=c 100% 办结' }))).resolves.toEqual({ providerId: null });
    const req = last();
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      account: 'lj12345',
      mobile: '13800138000',
      content: 'a&b=c 100% 办结',
      uid: 'ob-1',
    });
  });

  it('sends a GET with the form template as the query string', async () => {
    const sender = new HttpSmsSender({ url: `${base}/plain?key=k1`, method: 'GET' });
    await sender.send(sms());
    const req = last();
    expect(req.method).toBe('GET');
    expect(req.body).toBe('');
    expect(Object.fromEntries(new URL(req.url, base).searchParams)).toEqual({ key: 'k1', to: '13800138000', text: TEXT, id: 'ob-1' });
  });

  it('checks successPath: a match succeeds, a mismatch is permanent', async () => {
    const opts = { idPath: 'data.msgId', successPath: 'code', successValue: '0' };
    await expect(new HttpSmsSender({ url: `${base}/ok`, ...opts }).send(sms())).resolves.toEqual({ providerId: 'gw-777' });
    const err = await rejection(new HttpSmsSender({ url: `${base}/refused`, ...opts }).send(sms()));
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(err.message).toContain('签名未报备');
  });

  it('takes 5xx, 408 and 429 as transient, other 4xx as permanent', async () => {
    await transient(new HttpSmsSender({ url: `${base}/500` }).send(sms()));
    await transient(new HttpSmsSender({ url: `${base}/429` }).send(sms()));
    await transient(new HttpSmsSender({ url: `${base}/408` }).send(sms()));
    const err = await rejection(new HttpSmsSender({ url: `${base}/400` }).send(sms()));
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(err.message).toContain('400');
  });

  it('gives up waiting after timeoutMs with a transient error', async () => {
    const started = Date.now();
    const err = await transient(new HttpSmsSender({ url: `${base}/hang`, timeoutMs: 200 }).send(sms()));
    expect(err.message).toMatch(/200 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('takes an unreachable gateway as transient', async () => {
    const port = await freePort();
    await transient(new HttpSmsSender({ url: `http://127.0.0.1:${port}/sms` }).send(sms()));
  });

  it('refuses at construction a template that is not JSON or lacks the text', () => {
    expect(() => new HttpSmsSender({ url: base, template: '{"to":{{to}},"text":"{{text}}"}' })).toThrow(/valid JSON/);
    expect(() => new HttpSmsSender({ url: base, template: '{"to":"{{to}}"}' })).toThrow(/\{\{text\}\}/);
    expect(() => new HttpSmsSender({ url: base, method: 'GET', contentType: 'json' })).toThrow(/GET/);
  });
});

/** Headers of a raw message, unfolded, by lower-case name, and its decoded text body. */
function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoded = raw.slice(split + 4);
  const cte = headers.get('content-transfer-encoding')?.toLowerCase();
  const bytes =
    cte === 'base64'
      ? Buffer.from(encoded, 'base64')
      : cte === 'quoted-printable'
        ? Buffer.from(encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1')
        : Buffer.from(encoded, 'utf8');
  return { headers, body: bytes.toString('utf8').replace(/\r\n/g, '\n').trimEnd() };
}

/** RFC 2047 encoded words (B and Q), adjacent words joined. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

describe('SmtpSender against a local SMTP server', () => {
  const FROM = '临江12345 <hotline@example.gov.cn>';
  const delivered: { from: string; to: string[]; raw: string }[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const reject = (code: number, text: string) => callback(Object.assign(new Error(text), { responseCode: code }));
        if (address.address.startsWith('nobody@')) return reject(550, 'No such user here');
        if (address.address.startsWith('later@')) return reject(451, 'Try again later');
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mailFrom = session.envelope.mailFrom;
          delivered.push({
            from: mailFrom ? mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const email = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    id: 'ob-42',
    channel: 'email',
    to: 'zhang.san@example.com',
    subject: '您的诉求已办结（工单 LJ2024-001）',
    body: TEXT,
    ...over,
  });

  it('delivers the message with To, From, a Chinese subject, the body and a Message-ID from the outbox id', async () => {
    const sender = new SmtpSender({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 5_000 });
    try {
      const result = await sender.send(email());
      expect(result.providerId).toBe('<outbox-ob-42@example.gov.cn>');
    } finally {
      await sender.close();
    }
    const mail = delivered[delivered.length - 1]!;
    expect(mail.from).toBe('hotline@example.gov.cn');
    expect(mail.to).toEqual(['zhang.san@example.com']);
    const { headers, body } = parseMail(mail.raw);
    expect(headers.get('subject')).toMatch(/^=\?UTF-8\?[BQ]\?/i); // encoded, not raw UTF-8
    expect(decodeWords(headers.get('subject')!)).toBe('您的诉求已办结（工单 LJ2024-001）');
    expect(decodeWords(headers.get('from')!)).toBe(FROM);
    expect(headers.get('to')).toBe('zhang.san@example.com');
    expect(headers.get('message-id')).toBe('<outbox-ob-42@example.gov.cn>');
    expect(body).toBe(TEXT);
  });

  it('takes a 550 recipient rejection as permanent', async () => {
    const sender = new SmtpSender({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 5_000 });
    const err = await rejection(sender.send(email({ to: 'nobody@example.com' })));
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(err.message).toMatch(/550/);
  });

  it('takes a 451 recipient deferral as transient', async () => {
    const sender = new SmtpSender({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 5_000 });
    await transient(sender.send(email({ to: 'later@example.com' })));
  });

  it('takes a malformed address as permanent without connecting', async () => {
    const sender = new SmtpSender({ url: `smtp://127.0.0.1:${port}`, from: FROM });
    await expect(sender.send(email({ to: '张三' }))).rejects.toBeInstanceOf(PermanentSendError);
  });

  it('takes an unreachable server as transient', async () => {
    const sender = new SmtpSender({ url: `smtp://127.0.0.1:${await freePort()}`, from: FROM, timeoutMs: 2_000 });
    await transient(sender.send(email()));
  });
});

describe('senderConfigFromEnv', () => {
  const FROM_ENV = '临江12345 <hotline@example.gov.cn>';

  it('defaults to the log senders', () => {
    const cfg = senderConfigFromEnv({});
    expect(cfg).toEqual({ sms: { kind: 'log' }, email: { kind: 'log' } });
    const senders = createSenders(cfg);
    expect([senders.sms.name, senders.sms.channel, senders.email.name, senders.email.channel]).toEqual(['log', 'sms', 'log', 'email']);
  });

  it('reads a full HTTP gateway and SMTP configuration', () => {
    const cfg = senderConfigFromEnv({
      SMS_SENDER: 'http',
      SMS_GATEWAY_URL: 'https://sms.example.cn/send',
      SMS_GATEWAY_HEADERS: '{"Authorization":"Bearer t"}',
      SMS_GATEWAY_CONTENT_TYPE: 'form',
      SMS_GATEWAY_TEMPLATE: 'm={{to}}&c={{text}}',
      SMS_GATEWAY_ID_PATH: 'data.msgId',
      SMS_GATEWAY_SUCCESS_PATH: 'code',
      SMS_GATEWAY_SUCCESS_VALUE: '0',
      EMAIL_SENDER: 'smtp',
      SMTP_URL: 'smtps://u:p@mail.example.gov.cn:465',
      SMTP_FROM: FROM_ENV,
    });
    expect(cfg).toEqual({
      sms: {
        kind: 'http',
        url: 'https://sms.example.cn/send',
        method: 'POST',
        contentType: 'form',
        headers: { Authorization: 'Bearer t' },
        template: 'm={{to}}&c={{text}}',
        idPath: 'data.msgId',
        successPath: 'code',
        successValue: '0',
      },
      email: { kind: 'smtp', url: 'smtps://u:p@mail.example.gov.cn:465', from: FROM_ENV },
    });
    const senders = createSenders(cfg);
    expect([senders.sms.name, senders.email.name]).toEqual(['http-sms', 'smtp']);
  });

  it('names the variable that is missing or malformed', () => {
    expect(() => senderConfigFromEnv({ SMS_SENDER: 'http' })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => senderConfigFromEnv({ SMS_SENDER: 'http', SMS_GATEWAY_URL: 'http://gw', SMS_GATEWAY_HEADERS: '{Authorization: x}' })).toThrow(
      /SMS_GATEWAY_HEADERS/,
    );
    expect(() => senderConfigFromEnv({ SMS_SENDER: 'http', SMS_GATEWAY_URL: 'http://gw', SMS_GATEWAY_HEADERS: '{"X-N":1}' })).toThrow(/SMS_GATEWAY_HEADERS/);
    expect(() => senderConfigFromEnv({ SMS_SENDER: 'http', SMS_GATEWAY_URL: 'http://gw', SMS_GATEWAY_TEMPLATE: '{"t":{{text}},"m":"{{to}}"}' })).toThrow(
      /SMS_GATEWAY_TEMPLATE/,
    );
    expect(() => senderConfigFromEnv({ SMS_SENDER: 'http', SMS_GATEWAY_URL: 'http://gw', SMS_GATEWAY_SUCCESS_PATH: 'code' })).toThrow(/SMS_GATEWAY_SUCCESS_VALUE/);
    expect(() => senderConfigFromEnv({ SMS_SENDER: 'http', SMS_GATEWAY_URL: 'http://gw', SMS_GATEWAY_METHOD: 'PUT' })).toThrow(/SMS_GATEWAY_METHOD/);
    expect(() => senderConfigFromEnv({ SMS_SENDER: 'aliyun' })).toThrow(/SMS_SENDER/);
    expect(() => senderConfigFromEnv({ EMAIL_SENDER: 'smtp', SMTP_FROM: FROM_ENV })).toThrow(/SMTP_URL/);
    expect(() => senderConfigFromEnv({ EMAIL_SENDER: 'smtp', SMTP_URL: 'smtp://mail:25' })).toThrow(/SMTP_FROM/);
  });
});
