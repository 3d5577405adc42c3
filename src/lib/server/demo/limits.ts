/**
 * The sizes the demo generator builds (seed-demo.ts validates them). The configuration check
 * (config.ts) reads these too, so a DEMO_OFFICERS or DEMO_MONTHS the generator would refuse stops
 * start-up with a message naming the variable, not a stack trace from inside the generator.
 */
export const DEMO_LIMITS = { minOfficers: 20, maxOfficers: 20_000, maxMonths: 36 } as const;
