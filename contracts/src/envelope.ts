import { z } from 'zod';
import { IsoDateTime } from './common.ts';

/** `<context>.<entity>.<change>.v<major>`, e.g. `shop.product.updated.v1`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[1-9][0-9]*$/;

export const EventType = z.string().regex(EVENT_TYPE_PATTERN, 'expected <context>.<entity>.<change>.v<major>');

/** The `dataschema` of an event type: a URN naming the type and its version. */
export function dataschemaOf(type: string): string {
  return `urn:peel:schema:${type}`;
}

/** The routing key of an event type: the type without its version. */
export function routingKeyOf(type: string): string {
  return type.replace(/\.v[0-9]+$/, '');
}

/** The fields every event carries, whatever its type. */
export const EnvelopeBase = z
  .object({
    id: z.string().min(1).max(128),
    type: EventType,
    source: z.string().min(1).max(256),
    time: IsoDateTime,
    subject: z.string().min(1).max(512),
    sequence: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    dataschema: z.string().min(1),
    data: z.unknown(),
    correlationId: z.string().min(1).max(128).optional(),
  })
  .strict();
export type EnvelopeBase = z.infer<typeof EnvelopeBase>;

/** The envelope of one event type, with its data schema. */
export function defineEvent<const T extends string, D extends z.ZodType>(type: T, data: D) {
  if (!EVENT_TYPE_PATTERN.test(type)) throw new TypeError(`event type ${type} does not match <context>.<entity>.<change>.v<major>`);
  const schema = EnvelopeBase.extend({
    type: z.literal(type),
    dataschema: z.literal(dataschemaOf(type)),
    data,
  }).strict();
  return { type, schema, data };
}

export type EventDefinition = ReturnType<typeof defineEvent>;
