import { ObjectId, type Filter } from 'mongodb';
import type { FastifyInstance } from 'fastify';
import { ProductIdParams, ProductListQuery, productListMongoQuery, productListResponse, type ProductStorageCodec } from '#contracts';
import { productStateFromDoc, type ProductDoc, type ShopCollections } from '../documents.ts';
import { shopErrors } from '../errors.ts';
import { isDuplicateKey } from '../mongo-errors.ts';
import { ProductInput, ProductPatch } from '../request-schemas.ts';
import { requestStamp } from '../request-stamp.ts';
import { productResponse } from '../responses.ts';
import { parseInput } from '../validate.ts';

/** The shop stores ObjectIds and Dates; the list contract hands over hex and ISO strings. */
export const SHOP_PRODUCT_CODEC: ProductStorageCodec = { id: (hex) => new ObjectId(hex), date: (iso) => new Date(iso) };

export function registerProductRoutes(app: FastifyInstance, { products }: ShopCollections, now: () => Date): void {
  app.get('/api/products', async (req) => {
    const query = parseInput(ProductListQuery, req.query, 'query');
    const mongo = productListMongoQuery(query, SHOP_PRODUCT_CODEC);
    const [docs, total] = await Promise.all([
      products.find(mongo.filter as Filter<ProductDoc>).sort(mongo.sort).skip(mongo.skip).limit(mongo.limit).toArray(),
      products.countDocuments(mongo.countFilter as Filter<ProductDoc>),
    ]);
    return productListResponse(query, docs.map(productStateFromDoc), total);
  });

  app.get('/api/products/:id', async (req) => {
    const { id } = parseInput(ProductIdParams, req.params, 'params');
    return productResponse(await mustFind(products, id));
  });

  app.post('/api/products', async (req, reply) => {
    const input = parseInput(ProductInput, req.body, 'body');
    const at = now();
    const doc: ProductDoc = { _id: new ObjectId(), ...input, createdAt: at, updatedAt: at, ...requestStamp(req) };
    await products.insertOne(doc).catch((err: unknown) => rethrowDuplicateSku(err, input.sku));
    return reply.code(201).header('location', `/api/products/${doc._id.toHexString()}`).send(productResponse(doc));
  });

  app.put('/api/products/:id', async (req) => {
    const { id } = parseInput(ProductIdParams, req.params, 'params');
    const input = parseInput(ProductInput, req.body, 'body');
    return productResponse(await update(products, id, { ...input, updatedAt: now(), ...requestStamp(req) }));
  });

  app.patch('/api/products/:id', async (req) => {
    const { id } = parseInput(ProductIdParams, req.params, 'params');
    const patch = parseInput(ProductPatch, req.body, 'body');
    return productResponse(await update(products, id, { ...patch, updatedAt: now(), ...requestStamp(req) }));
  });

  app.delete('/api/products/:id', async (req, reply) => {
    const { id } = parseInput(ProductIdParams, req.params, 'params');
    const { deletedCount } = await products.deleteOne({ _id: new ObjectId(id) });
    if (deletedCount === 0) throw shopErrors.notFound({ resource: 'product', id });
    return reply.code(204).send();
  });
}

async function mustFind(products: ShopCollections['products'], id: string): Promise<ProductDoc> {
  const doc = await products.findOne({ _id: new ObjectId(id) });
  if (!doc) throw shopErrors.notFound({ resource: 'product', id });
  return doc;
}

async function update(products: ShopCollections['products'], id: string, fields: Partial<ProductDoc>): Promise<ProductDoc> {
  const doc = await products
    .findOneAndUpdate({ _id: new ObjectId(id) }, { $set: fields }, { returnDocument: 'after' })
    .catch((err: unknown) => rethrowDuplicateSku(err, fields.sku ?? ''));
  if (!doc) throw shopErrors.notFound({ resource: 'product', id });
  return doc;
}

function rethrowDuplicateSku(err: unknown, sku: string): never {
  if (isDuplicateKey(err)) throw shopErrors.duplicate({ resource: 'product', field: 'sku', value: sku }, { cause: err });
  throw err;
}
