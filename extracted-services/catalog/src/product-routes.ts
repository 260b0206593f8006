import type { FastifyInstance } from 'fastify';
import { ProductIdParams, ProductListQuery, invalidRequestError, notFoundError, productResponseFromState } from '#contracts';
import type { ProductStore } from './product-store.ts';

/** The shop's product reads, answered from the catalog's own database with the shop's bodies. */
export function registerProductRoutes(app: FastifyInstance, store: ProductStore): void {
  app.get('/api/products', async (request, reply) => {
    const query = ProductListQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(invalidRequestError('query', query.error));
    return store.list(query.data);
  });
  app.get('/api/products/:id', async (request, reply) => {
    const params = ProductIdParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send(invalidRequestError('params', params.error));
    const product = await store.get(params.data.id);
    if (!product) return reply.code(404).send(notFoundError('product', params.data.id));
    return productResponseFromState(product);
  });
}
