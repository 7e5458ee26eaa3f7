/**
 * The password policy (issue #9 §3): at least 10 characters, three of the four kinds (lower case,
 * upper case, digits, other signs), and not the username in it. Login lockout: 5 failures in a row
 * lock the account for 15 minutes.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

/** Why a password is refused, in both languages; null when it is acceptable. */
export function passwordProblem(password: string, username?: string): { zh: string; en: string } | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return { zh: `密码至少 ${PASSWORD_MIN_LENGTH} 位`, en: `at least ${PASSWORD_MIN_LENGTH} characters` };
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return { zh: '密码须包含大写字母、小写字母、数字、符号中的至少三种', en: 'use three of: lower case, upper case, digits, other signs' };
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return { zh: '密码不能包含用户名', en: 'the password must not contain the username' };
  return null;
}
