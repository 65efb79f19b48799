/** The fixed choices of the platform file, apart from the schema so the CLI can list them without loading zod. */

export const TIERS = ['demo', 'free', 'professional', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

export const BRICK_APPS = ['suitecrm', 'seeddms', 'owncloud'] as const;
export type BrickAppName = (typeof BRICK_APPS)[number];
