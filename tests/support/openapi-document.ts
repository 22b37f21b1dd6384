import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';

/** Minimal OpenAPI 3.1 shapes the checks read. */
export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}
export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
}

/** The document the app generates from its routes, built on an empty in-memory database; nothing listens. */
export async function generateOpenApiDocument(): Promise<OpenApiDocument> {
  const database = openDatabase({ url: ':memory:' });
  try {
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig(), database });
    await app.ready();
    const document = app.swagger() as unknown as OpenApiDocument;
    await app.close();
    return document;
  } finally {
    await database.close();
  }
}
