/** The account questions and actions the bot recognises; knowledge/intents.yaml gives example phrases for each. */
export const accountIntents = [
  'renewal-status',
  'early-renewal',
  'auto-renew',
  'auto-renew-off',
  'auto-renew-on',
  'billing-info',
  'upcoming-payments',
  'purchase-history',
  'upcoming-expirations',
  'subscription-teams',
  'added-seats',
  'contract-manager-seat',
  'admins',
  'insights',
  'seat-usage',
  'token-usage',
  'move-subscription',
  'unassign-seat',
  'subscriptions',
  'renewal-cost',
  'reseller-contact',
  'contract-details',
] as const;

export type AccountIntent = (typeof accountIntents)[number];
