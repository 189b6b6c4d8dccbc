/** Why the sign-in page opened, when there is something to say about it. */
export type SignInNotice = 'session-ended' | 'signed-out' | 'password-reset' | 'challenge-expired';

export const signInNoticeText: Record<SignInNotice, string> = {
  'session-ended': 'Your session has ended. Sign in again to continue.',
  'signed-out': 'You are signed out.',
  'password-reset': 'Your password was changed. Sign in with it; your second factor will still be asked.',
  'challenge-expired': 'That sign-in took too long and has expired. Enter your password again.',
};
