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
} as const;
