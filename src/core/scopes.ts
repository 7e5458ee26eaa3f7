/**
 * What an API token may do (issue #11 §4). A token acts as its user, within its scopes: the user's
 * role still decides every step, and the scopes narrow which routes the token may call at all.
 */
export const TOKEN_SCOPES = [
  '*', // everything the user may do
  'read', // GET routes
  'write', // every other route (includes read)
  'intake', // the intake channels: SMS gateway, other sources, CTI calls, batch import
  'open311', // the Open311 GeoReport v2 server
  'transfer', // cases sent between platforms, and their results
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_LABELS: Record<TokenScope, { zh: string; en: string }> = {
  '*': { zh: '全部（用户权限内）', en: 'everything the user may do' },
  read: { zh: '只读', en: 'read' },
  write: { zh: '读写', en: 'read and write' },
  intake: { zh: '受理接入', en: 'intake channels' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
  transfer: { zh: '跨平台转办', en: 'transfers between platforms' },
};

/** The scope a route needs: its own when it names one, else read for GET and HEAD, write for the rest. */
export function neededScope(method: string, declared?: TokenScope): TokenScope {
  return declared ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write');
}

export function scopeAllows(scopes: readonly string[], needed: TokenScope): boolean {
  return scopes.includes('*') || scopes.includes(needed) || (needed === 'read' && scopes.includes('write'));
}
