import { z } from 'zod';
import { defineEvent } from '../envelope.ts';

export const CHANGE_OPERATIONS = ['insert', 'update', 'replace', 'delete', 'drop', 'rename', 'dropDatabase', 'snapshot'] as const;

const Namespace = z.object({ db: z.string().min(1), coll: z.string().min(1).optional() }).strict();

/** A BSON document as MongoDB relaxed Extended JSON, so no type is lost on the wire. */
const ExtendedJsonDocument = z.record(z.string(), z.unknown());

/**
 * A raw change of a collection that has no domain mapping yet. Documents are relaxed
 * Extended JSON (EJSON), so ObjectIds, dates and decimals survive the trip.
 */
export const LegacyChangeV1 = defineEvent(
  'legacy.change.v1',
  z
    .object({
      namespace: Namespace,
      operation: z.enum(CHANGE_OPERATIONS),
      documentKey: ExtendedJsonDocument.nullable(),
      fullDocument: ExtendedJsonDocument.nullable().optional(),
      updateDescription: z
        .object({
          updatedFields: ExtendedJsonDocument,
          removedFields: z.array(z.string()),
          truncatedArrays: z.array(z.object({ field: z.string(), newSize: z.int().min(0) }).strict()),
        })
        .strict()
        .optional(),
      /** Set for renames: the namespace the collection now has. */
      to: Namespace.optional(),
    })
    .strict(),
);
