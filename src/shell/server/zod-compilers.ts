/** Fastify's schema compilers for zod schemas, given when an instance is created. */
import type { FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

type SchemaControllerOptions = NonNullable<FastifyServerOptions['schemaController']>;

/**
 * Every schema is zod. Fastify builds its default compilers (Ajv, fast-json-stringify) when it is
 * created unless given others: with these it never loads them (about 50 ms of start-up). Fastify's
 * types name Ajv's signatures, hence the cast.
 */
export const ZOD_SCHEMA_CONTROLLER: SchemaControllerOptions = {
  compilersFactory: {
    buildValidator: () => validatorCompiler,
    buildSerializer: () => serializerCompiler,
  } as unknown as SchemaControllerOptions['compilersFactory'],
};
