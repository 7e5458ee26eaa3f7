/**
 * Senders: the last step of the outbox. The worker hands each persisted message to the sender of
 * its channel and decides from what comes back — a result, a transient Error (retried with
 * backoff) or a PermanentSendError (marked failed at once). Senders keep no state about messages;
 * the outbox row id travels to the provider so that a retry after a lost answer is recognisable.
 */
import nodemailer, { type NodemailerError, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';

export interface OutgoingMessage {
  /** The outbox row id, passed to the provider as an idempotency key where it supports one. */
  id: string;
  channel: 'sms' | 'email' | 'http';
  /** http: whose credentials sign or authorise the request. */
  target?: { kind: 'webhook' | 'platform'; id: string } | null;
  /** A mobile number for sms, an address for email. */
  to: string;
  /** Email only. */
  subject?: string | null;
  body: string;
}

export interface SendResult {
  providerId: string | null;
}

/** The provider refused in a way that retrying cannot fix: the worker marks the message failed at once. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

export interface MessageSender {
  readonly name: string;
  readonly channel: 'sms' | 'email' | 'http';
  /** Throws: any Error is transient (retried), a PermanentSendError is final. */
  send(msg: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
}

function checkChannel(sender: MessageSender, msg: OutgoingMessage): void {
  if (msg.channel !== sender.channel) {
    throw new PermanentSendError(`the ${sender.name} sender handles ${sender.channel}, not ${msg.channel} (message ${msg.id})`);
  }
}

/** The embedded default: delivers nothing, the message stays readable in the outbox by admins. */
export class LogSender implements MessageSender {
  readonly name = 'log';
  constructor(readonly channel: 'sms' | 'email') {}

  async send(msg: OutgoingMessage): Promise<SendResult> {
    checkChannel(this, msg);
    return { providerId: `log:${msg.id}` };
  }
}

// ---------------------------------------------------------------------------------------------
// SMS over an HTTP gateway

export interface HttpSmsOptions {
  url: string;
  method?: 'POST' | 'GET';
  headers?: Record<string, string>;
  /** Placeholders {{to}}, {{text}}, {{id}}; JSON-escaped for 'json', URL-encoded for 'form'. */
  template?: string;
  /** 'json' for POST, 'form' for GET unless given; a GET sends the filled-in form template as the query string. */
  contentType?: 'json' | 'form';
  /** Dot path of the provider's message id in the response JSON, e.g. 'data.msgId'. */
  idPath?: string;
  /** For gateways that answer 200 with an error code in the body: the path and the value that means success. */
  successPath?: string;
  successValue?: string;
  timeoutMs?: number;
}

const DEFAULT_TEMPLATES = {
  json: '{"to":"{{to}}","text":"{{text}}","id":"{{id}}"}',
  form: 'to={{to}}&text={{text}}&id={{id}}',
} as const;

interface Placeholders {
  to: string;
  text: string;
  id: string;
}

/** One pass, so a citizen's text containing "{{id}}" is not filled in again. */
function fillTemplate(template: string, values: Placeholders, escape: (s: string) => string): string {
  return template.replace(/\{\{(to|text|id)\}\}/g, (_m, key: keyof Placeholders) => escape(values[key]));
}

const jsonEscape = (s: string): string => JSON.stringify(s).slice(1, -1);

/** What is wrong with a gateway template, or null; checked at boot so a typo does not fail every message. */
export function smsTemplateProblem(template: string, contentType: 'json' | 'form'): string | null {
  for (const p of ['{{to}}', '{{text}}']) if (!template.includes(p)) return `the template has no ${p} placeholder`;
  if (contentType === 'json') {
    const sample = fillTemplate(template, { to: '+86 138 0000 0000', text: '测试 "引号"\n换行', id: 'x 1' }, jsonEscape);
    try {
      JSON.parse(sample);
    } catch {
      return 'the template is not valid JSON once filled in (placeholders belong inside quotes: "{{text}}")';
    }
  }
  return null;
}

function atPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The start of a provider's answer for an error message; enough to diagnose, short enough to log. */
function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

function causeOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return String(cause);
}

/** An SMS gateway over HTTP (Node 20's fetch). */
export class HttpSmsSender implements MessageSender {
  readonly name = 'http-sms';
  readonly channel = 'sms';
  private readonly method: 'POST' | 'GET';
  private readonly contentType: 'json' | 'form';
  private readonly template: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: HttpSmsOptions) {
    this.method = opts.method ?? 'POST';
    this.contentType = opts.contentType ?? (this.method === 'GET' ? 'form' : 'json');
    this.template = opts.template ?? DEFAULT_TEMPLATES[this.contentType];
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    if (!/^https?:\/\//i.test(opts.url)) throw new Error('SMS gateway url must start with http:// or https://');
    if (this.method === 'GET' && this.contentType === 'json') throw new Error('an SMS gateway called with GET takes a form template, not JSON');
    if ((opts.successPath === undefined) !== (opts.successValue === undefined)) {
      throw new Error('SMS gateway successPath and successValue go together');
    }
    const problem = smsTemplateProblem(this.template, this.contentType);
    if (problem) throw new Error(`SMS gateway: ${problem}`);
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    checkChannel(this, msg);
    if (!msg.to.trim()) throw new PermanentSendError(`message ${msg.id} has no mobile number`);
    const values = { to: msg.to, text: msg.body, id: msg.id };
    const payload = fillTemplate(this.template, values, this.contentType === 'json' ? jsonEscape : encodeURIComponent);
    const isGet = this.method === 'GET';
    const url = isGet ? `${this.opts.url}${this.opts.url.includes('?') ? '&' : '?'}${payload}` : this.opts.url;
    const headers: Record<string, string> = { 'Idempotency-Key': msg.id };
    if (!isGet) {
      headers['Content-Type'] = this.contentType === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded; charset=utf-8';
    }
    Object.assign(headers, this.opts.headers);

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { method: this.method, headers, body: isGet ? undefined : payload, signal: controller.signal });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (controller.signal.aborted) throw new Error(`SMS gateway did not answer within ${this.timeoutMs} ms`, { cause: err });
      throw new Error(`SMS gateway unreachable: ${causeOf(err)}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }

    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      throw new PermanentSendError(`SMS gateway refused with HTTP ${status}: ${excerpt(text)}`);
    }
    if (status < 200 || status >= 300) throw new Error(`SMS gateway answered HTTP ${status}: ${excerpt(text)}`);

    const { idPath, successPath, successValue } = this.opts;
    if (!idPath && !successPath) return { providerId: null };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Sent for sure only when nobody asked the body to confirm it; otherwise a proxy's error page may be answering.
      if (successPath) throw new Error(`SMS gateway answered HTTP ${status} without JSON: ${excerpt(text)}`);
      return { providerId: null };
    }
    if (successPath) {
      const got = atPath(json, successPath);
      if (got === undefined || got === null || String(got) !== successValue) {
        throw new PermanentSendError(`SMS gateway refused: ${successPath} is ${JSON.stringify(got)}, expected "${successValue}": ${excerpt(text)}`);
      }
    }
    const id = idPath ? atPath(json, idPath) : undefined;
    return { providerId: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
  }
}

// ---------------------------------------------------------------------------------------------
// Email over SMTP

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * RFC 5321: 5yz replies are permanent. Except 503 (bad sequence: the session, not the message)
 * and 552 (RFC 5321 §4.5.3.1.10 asks clients to take it as temporary; it also means a full
 * mailbox), and except a refused login, which an admin fixes for every queued message at once.
 */
function isPermanentSmtp(err: NodemailerError): boolean {
  const code = err.responseCode;
  if (err.code === 'EAUTH') return false;
  if (code === undefined) return err.code === 'EENVELOPE';
  return code >= 500 && code < 600 && code !== 503 && code !== 552;
}

/** Email over SMTP with nodemailer; a new connection per message (hotline volumes need no pool). */
export class SmtpSender implements MessageSender {
  readonly name = 'smtp';
  readonly channel = 'email';
  private readonly transport: Transporter<SMTPSentMessageInfo>;
  private readonly domain: string;

  constructor(private readonly opts: { url: string; from: string; timeoutMs?: number }) {
    if (!/^smtps?:\/\//i.test(opts.url)) throw new Error('SMTP url must start with smtp:// or smtps://');
    const fromAddress = /<([^<>]+)>\s*$/.exec(opts.from)?.[1] ?? opts.from.trim();
    if (!ADDRESS.test(fromAddress)) throw new Error(`SMTP from must hold an address, got "${opts.from}"`);
    this.domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
    const timeout = opts.timeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({ url: opts.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  /** Derived from the outbox id, so the copies a retry may produce carry the same Message-ID. */
  messageIdFor(outboxId: string): string {
    return `<outbox-${outboxId.replace(/[^A-Za-z0-9._-]/g, '-')}@${this.domain}>`;
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    checkChannel(this, msg);
    const to = msg.to.trim();
    if (!ADDRESS.test(to)) throw new PermanentSendError(`message ${msg.id} has no valid email address`);
    const messageId = this.messageIdFor(msg.id);
    try {
      await this.transport.sendMail({
        from: this.opts.from,
        to,
        subject: msg.subject?.trim() || msg.body.split('\n', 1)[0]?.slice(0, 40) || '',
        text: msg.body,
        messageId,
      });
    } catch (err) {
      const e = err as NodemailerError;
      if (isPermanentSmtp(e)) throw new PermanentSendError(`SMTP server refused: ${e.message}`, { cause: err });
      throw err instanceof Error ? err : new Error(String(err));
    }
    return { providerId: messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration

export interface SenderConfig {
  sms: { kind: 'log' } | ({ kind: 'http' } & ConstructorParameters<typeof HttpSmsSender>[0]);
  email: { kind: 'log' } | { kind: 'smtp'; url: string; from: string };
}

export function createSenders(cfg: SenderConfig): { sms: MessageSender; email: MessageSender } {
  let sms: MessageSender;
  if (cfg.sms.kind === 'http') {
    const { kind: _kind, ...opts } = cfg.sms;
    sms = new HttpSmsSender(opts);
  } else {
    sms = new LogSender('sms');
  }
  const email = cfg.email.kind === 'smtp' ? new SmtpSender({ url: cfg.email.url, from: cfg.email.from }) : new LogSender('email');
  return { sms, email };
}

function oneOf<T extends string>(env: Record<string, string | undefined>, name: string, allowed: readonly T[]): T | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (!found) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return found;
}

function required(env: Record<string, string | undefined>, name: string, because: string): string {
  const raw = env[name]?.trim();
  if (!raw) throw new Error(`${name} is required when ${because}`);
  return raw;
}

function headersFrom(raw: string | undefined): Record<string, string> | undefined {
  if (!raw?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('SMS_GATEWAY_HEADERS must be a JSON object, e.g. {"Authorization":"Bearer …"}; it is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('SMS_GATEWAY_HEADERS must be a JSON object of header names to string values');
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw new Error(`SMS_GATEWAY_HEADERS: the value of "${k}" must be a string`);
  }
  return parsed as Record<string, string>;
}

/** Reads the sender variables (see docs) from the env object passed in; throws naming the variable at fault. */
export function senderConfigFromEnv(env: Record<string, string | undefined>): SenderConfig {
  let sms: SenderConfig['sms'] = { kind: 'log' };
  if ((oneOf(env, 'SMS_SENDER', ['log', 'http'] as const) ?? 'log') === 'http') {
    const because = 'SMS_SENDER=http';
    const url = required(env, 'SMS_GATEWAY_URL', because);
    if (!/^https?:\/\//i.test(url)) throw new Error('SMS_GATEWAY_URL must start with http:// or https://');
    const method = oneOf(env, 'SMS_GATEWAY_METHOD', ['POST', 'GET'] as const) ?? 'POST';
    const contentType = oneOf(env, 'SMS_GATEWAY_CONTENT_TYPE', ['json', 'form'] as const) ?? (method === 'GET' ? 'form' : 'json');
    if (method === 'GET' && contentType === 'json') throw new Error('SMS_GATEWAY_CONTENT_TYPE=json does not go with SMS_GATEWAY_METHOD=GET (use form)');
    const template = env.SMS_GATEWAY_TEMPLATE?.trim() || undefined;
    const problem = template ? smsTemplateProblem(template, contentType) : null;
    if (problem) throw new Error(`SMS_GATEWAY_TEMPLATE: ${problem}`);
    const successPath = env.SMS_GATEWAY_SUCCESS_PATH?.trim() || undefined;
    const successValue = env.SMS_GATEWAY_SUCCESS_VALUE?.trim() || undefined;
    if (successPath && successValue === undefined) throw new Error('SMS_GATEWAY_SUCCESS_VALUE is required when SMS_GATEWAY_SUCCESS_PATH is set');
    if (successValue !== undefined && !successPath) throw new Error('SMS_GATEWAY_SUCCESS_PATH is required when SMS_GATEWAY_SUCCESS_VALUE is set');
    const headers = headersFrom(env.SMS_GATEWAY_HEADERS);
    const idPath = env.SMS_GATEWAY_ID_PATH?.trim() || undefined;
    sms = {
      kind: 'http',
      url,
      method,
      contentType,
      ...(headers && { headers }),
      ...(template && { template }),
      ...(idPath && { idPath }),
      ...(successPath && { successPath, successValue }),
    };
  }

  let email: SenderConfig['email'] = { kind: 'log' };
  if ((oneOf(env, 'EMAIL_SENDER', ['log', 'smtp'] as const) ?? 'log') === 'smtp') {
    const url = required(env, 'SMTP_URL', 'EMAIL_SENDER=smtp');
    if (!/^smtps?:\/\//i.test(url)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
    const from = required(env, 'SMTP_FROM', 'EMAIL_SENDER=smtp');
    if (!ADDRESS.test(/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from)) {
      throw new Error(`SMTP_FROM must be an address or 'Name <address>', got "${from}"`);
    }
    email = { kind: 'smtp', url, from };
  }
  return { sms, email };
}
