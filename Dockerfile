# One image for every Peel process: `docker run peel:local <command>` (proxy, adapter, service …);
# docker-compose.yml builds and tags it peel:local.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin/peel.js ./bin/peel.js
COPY examples/compose ./examples/compose
USER node
ENTRYPOINT ["node", "bin/peel.js"]
CMD ["--help"]
