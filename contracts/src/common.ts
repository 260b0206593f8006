import { z } from 'zod';

/** A MongoDB ObjectId as 24 lowercase hex characters. */
export const ObjectIdString = z.string().regex(/^[0-9a-f]{24}$/, 'expected a 24-character hex ObjectId');

/** An ISO-8601 timestamp with an offset (`2026-11-26T10:00:00.000Z`). */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** ISO-4217 currency code. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter ISO-4217 currency code');

/** Money as an integer count of the currency's minor unit (cents), never a float. */
export const Money = z
  .object({
    amountMinor: z.int().min(0),
    currency: CurrencyCode,
  })
  .strict();
export type Money = z.infer<typeof Money>;

export const Email = z.email();

/** A lowercase slug: feature names, service names, upstream names. */
export const Slug = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'expected a lowercase slug (a-z, 0-9, -)');
