/**
 * The one error type of the domain. Core throws it with a dotted code; the HTTP layer maps
 * the code to a status (src/server/http/errors.ts) and the message to the user's language.
 */
export const ERROR_CODES = [
  'validation.failed',
  'auth.unauthenticated',
  'auth.invalid_credentials',
  'auth.forbidden',
  'not_found',
  'case.not_found',
  'case.illegal_transition',
  'case.stale_version',
  'case.invalid_units',
  'case.invalid_payload',
  'unit.not_found',
  'user.not_found',
  'conflict',
  'reply.check_failed',
  'auth.locked',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for the client (e.g. the current state of a case), safe to show. */
  readonly details: Record<string, unknown> | undefined;
  /** The message in English; `message` is Chinese (the default language). */
  readonly messageEn: string;

  constructor(code: ErrorCode, message: string, messageEn?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.messageEn = messageEn ?? message;
    this.details = details;
  }
}
