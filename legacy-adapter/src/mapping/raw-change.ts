import type { Document, Timestamp } from 'bson';

/**
 * The fields of a change stream event the adapter reads. The driver's own types are a
 * union per operation; mapping only needs this common view, which also keeps the
 * mappers testable with plain documents.
 */
export interface RawChange {
  _id: Document;
  operationType: string;
  ns?: { db: string; coll?: string };
  documentKey?: Document;
  fullDocument?: Document | null;
  fullDocumentBeforeChange?: Document | null;
  updateDescription?: {
    updatedFields?: Document;
    removedFields?: string[];
    truncatedArrays?: Array<{ field: string; newSize: number }>;
  };
  to?: { db: string; coll: string };
  clusterTime?: Timestamp;
  wallTime?: Date;
}

/** What every mapper needs besides the change itself. */
export interface MappingContext {
  /** The database whose users, products and orders get domain events. */
  shopDatabase: string;
  /** The document field that holds the id of the request behind a change, if the monolith writes one. */
  correlationField?: string | undefined;
}
