/** Limits the API enforces; the console reads them to size its pages and forms. */
export const Limits = {
  maxPageSize: 100,
  defaultPageSize: 25,
  maxEmailLength: 254,
  maxNameLength: 100,
  minPasswordLength: 12,
  maxPasswordLength: 256,
  maxSearchLength: 100,
  /** Hours between two alerts to the same member from the same organization. */
  alertIntervalHours: 24,
  /** A scheduled requirement's date: at least this many hours ahead, and at most a year. */
  minScheduleAheadHours: 1,
  /** Days after joining that members who join while a plan runs may take to set up 2FA. */
  maxNewMemberWindowDays: 90,
  /** Reminders before a scheduled date: at most this many offsets… */
  maxReminderOffsets: 5,
  /** …each from 1 to this many days before it. */
  maxReminderOffsetDays: 60,
  /** A security key's or passkey's name, in characters (at least one). */
  maxKeyNameLength: 60,
  /** Security keys and passkeys per account. */
  maxKeysPerAccount: 20,
  /** Webhook endpoints per organization, and their URL and description lengths. */
  maxWebhookEndpoints: 20,
  maxWebhookUrlLength: 2000,
  maxWebhookDescriptionLength: 200,
  /** An exemption's reason, in characters. */
  maxExemptionReasonLength: 500,
} as const;
