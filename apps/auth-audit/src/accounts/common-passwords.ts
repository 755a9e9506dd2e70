/**
 * Passwords of 12+ characters that appear near the top of public breach corpora. Shorter ones are
 * already refused by the length rule. Compared case-insensitively.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '111111111111', '000000000000',
  'password1234', 'password12345', 'password123456', 'passwordpassword', 'password1234!', 'password123!',
  'qwertyuiopas', 'qwertyuiop123', 'qwerty123456', 'qwertyqwerty', '1q2w3e4r5t6y', '1qaz2wsx3edc',
  'iloveyou1234', 'letmein12345', 'welcome12345', 'welcome123456', 'administrator', 'admin1234567',
  'changeme1234', 'abc123456789', 'abcdefghijkl', 'aaaaaaaaaaaa', 'football1234', 'baseball1234',
  'sunshine1234', 'princess1234', 'monkey123456', 'dragon123456', 'master123456', 'superman1234',
  'trustno11234', 'starwars1234', 'p@ssw0rd1234', 'p@ssword1234', 'passw0rd1234', 'mypassword123',
  'slotline1234', 'slotline12345', 'correcthorsebatterystaple', 'zaq12wsxcde3', 'asdfghjkl123',
  'zxcvbnm12345', 'asdfasdfasdf', 'qazwsxedcrfv', 'secret123456', 'computer1234', 'internet1234',
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}
