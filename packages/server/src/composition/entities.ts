import { MailMessage } from '../core/mail/index.js';
import { OneTimeToken, Session, User } from '../modules/accounts/index.js';
import { AuditEvent } from '../modules/audit/index.js';
import { Invitation } from '../modules/invitations/index.js';
import { IntegrationToken } from '../modules/integration-tokens/index.js';
import { Membership, Organization } from '../modules/organizations/index.js';
import { RecoveryCode, TotpMethod } from '../modules/two-factor/index.js';

/** Every entity, listed for MikroORM's discovery (no folder scanning). */
export const entities = [
  MailMessage,
  User,
  Session,
  OneTimeToken,
  TotpMethod,
  RecoveryCode,
  Organization,
  Membership,
  AuditEvent,
  Invitation,
  IntegrationToken,
];
