import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Scope } from '@twostep/shared';
import { ActorRef } from '../organizations/index.js';

registerEnumType(Scope, {
  name: 'IntegrationScope',
  description: 'What an integration token may do in its organization. Each value maps to one scope string (`members:read`, …).',
  valuesConfig: {
    MEMBERS_READ: { description: '`members:read`: the member list with 2FA status, the security summary and alert history.' },
    AUDIT_READ: { description: '`audit:read`: the organization’s audit log.' },
    ALERTS_SEND: { description: '`alerts:send`: send 2FA alerts to one member or to all members without 2FA.' },
    POLICY_WRITE: { description: '`policy:write`: turn the 2FA requirement on or off. Only a person with 2FA may grant it.' },
    EVENTS_READ: { description: '`events:read`: subscribe to the organization’s live events.' },
    WEBHOOKS_READ: {
      description: '`webhooks:read`: list the organization’s webhook endpoints and their deliveries (never their secrets).',
    },
  },
});

export const IntegrationTokenState = { ACTIVE: 'ACTIVE', EXPIRED: 'EXPIRED', REVOKED: 'REVOKED' } as const;
export type IntegrationTokenState = (typeof IntegrationTokenState)[keyof typeof IntegrationTokenState];

registerEnumType(IntegrationTokenState, {
  name: 'IntegrationTokenState',
  description: 'Whether an integration token still authenticates.',
  valuesConfig: {
    ACTIVE: { description: 'Authenticates requests.' },
    EXPIRED: { description: 'Its expiry has passed; it no longer authenticates.' },
    REVOKED: { description: 'An administrator revoked it; it no longer authenticates.' },
  },
});

/** Web-only: integration tokens never see tokens, their own included. */
@ObjectType({ description: 'An organization’s API token, as its administrators see it: never its secret.' })
export class IntegrationToken {
  @Field(() => ID, { description: 'The token’s id (not its secret).' })
  id!: string;

  @Field(() => String, { description: 'A name chosen by its creator, to recognise the integration.' })
  name!: string;

  @Field(() => [Scope], { description: 'What the token may do.' })
  scopes!: Scope[];

  @Field(() => IntegrationTokenState, { description: 'Whether it still authenticates.' })
  state!: IntegrationTokenState;

  @Field(() => ActorRef, { nullable: true, description: 'Who created it; null once that account has been deleted.' })
  createdBy!: ActorRef | null;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it stops authenticating; null if it never expires.' })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it last authenticated a request (to the minute); null if never.' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked, if it was.' })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new integration token with its secret. The secret is shown only here, once; only its hash is kept.' })
export class CreatedIntegrationToken {
  @Field(() => String, { description: 'The bearer secret (`tsi_…`). Store it now: it cannot be shown again.' })
  token!: string;

  @Field(() => IntegrationToken, { description: 'The token as it will appear in the organization’s list.' })
  integrationToken!: IntegrationToken;
}

@InputType({ description: 'A new integration token for an organization.' })
export class CreateIntegrationTokenInput {
  @Field(() => ID, { description: 'The organization the token will act for.' })
  organizationId!: string;

  @Field(() => String, { description: 'A name of 1 to 100 characters, to recognise the integration.' })
  name!: string;

  @Field(() => [Scope], { description: 'At least one scope, each once. `POLICY_WRITE` needs the creator to have 2FA.' })
  scopes!: Scope[];

  @Field(() => Date, { nullable: true, description: 'When the token stops working; in the future. Omit for no expiry.' })
  expiresAt?: Date | null;
}

@InputType({ description: 'Which integration token to revoke.' })
export class RevokeIntegrationTokenInput {
  @Field(() => ID, { description: 'The organization the token belongs to.' })
  organizationId!: string;

  @Field(() => ID, { description: 'The token’s id.' })
  id!: string;
}
