import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Foundation } from './0001-foundation.js';
import { Migration0002OrganizationSecurity } from './0002-organization-security.js';
import { Migration0003BlockEpisodes } from './0003-block-episodes.js';
import { Migration0004AlertsAreMails } from './0004-alerts-are-mails.js';
import { Migration0005LighterAlertMails } from './0005-lighter-alert-mails.js';
import { Migration0006OneHome } from './0006-one-home.js';
import { Migration0007RolloutPlans } from './0007-rollout-plans.js';
import { Migration0008Reminders } from './0008-reminders.js';
import { Migration0009SecurityKeys } from './0009-security-keys.js';
import { Migration0010Webhooks } from './0010-webhooks.js';
import { Migration0011ComplianceHistory } from './0011-compliance-history.js';

/** Every migration, in order. Listed statically so they run from `dist/` and under Vitest alike. */
export const migrationsList: MigrationObject[] = [
  { name: '0001-foundation', class: Migration0001Foundation },
  { name: '0002-organization-security', class: Migration0002OrganizationSecurity },
  { name: '0003-block-episodes', class: Migration0003BlockEpisodes },
  { name: '0004-alerts-are-mails', class: Migration0004AlertsAreMails },
  { name: '0005-lighter-alert-mails', class: Migration0005LighterAlertMails },
  { name: '0006-one-home', class: Migration0006OneHome },
  { name: '0007-rollout-plans', class: Migration0007RolloutPlans },
  { name: '0008-reminders', class: Migration0008Reminders },
  { name: '0009-security-keys', class: Migration0009SecurityKeys },
  { name: '0010-webhooks', class: Migration0010Webhooks },
  { name: '0011-compliance-history', class: Migration0011ComplianceHistory },
];
