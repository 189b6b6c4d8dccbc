import { Limits } from '@twostep/shared';
import { badInput } from '../../core/errors.js';

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** A trimmed, syntactically plausible address; the case is kept, uniqueness ignores it. */
export function validEmail(value: string, field = 'email'): string {
  const email = value.trim();
  if (email.length === 0 || email.length > Limits.maxEmailLength || !emailPattern.test(email)) {
    throw badInput(field, 'Enter a valid e-mail address.');
  }
  return email;
}

export function validDisplayName(value: string, field = 'displayName'): string {
  const name = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (name.length === 0 || name.length > Limits.maxNameLength || /[\u0000-\u001f\u007f]/.test(name)) {
    throw badInput(field, `Enter a name of 1 to ${Limits.maxNameLength} characters.`);
  }
  return name;
}

export function validNewPassword(value: string, field = 'newPassword'): string {
  if (value.length < Limits.minPasswordLength || value.length > Limits.maxPasswordLength) {
    throw badInput(field, `Choose a password of ${Limits.minPasswordLength} to ${Limits.maxPasswordLength} characters.`);
  }
  return value;
}

/** Caps what is hashed, so a megabyte "password" costs nothing extra. */
export function boundedSecret(value: string, field: string): string {
  if (value.length > Limits.maxPasswordLength) throw badInput(field, 'This value is too long.');
  return value;
}
