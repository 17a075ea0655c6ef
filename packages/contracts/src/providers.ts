/** The providers cancelq can cancel orders at; each has one BullMQ queue of the same name. */
export const PROVIDERS = ['planet', 'planomatic', 'coinw', 'hypertrack'] as const;

export type ProviderId = (typeof PROVIDERS)[number];

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDERS as readonly string[]).includes(value);
}
