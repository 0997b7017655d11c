/**
 * The API described: `GET /api/openapi.json` (OpenAPI 3.1) and `GET /api/schema/board.json`
 * (JSON Schema of BoardJSON). Both are generated at start from the zod schemas the routes
 * validate with (`schemas.ts`, `shared/board/schema.ts`) by zod's own `z.toJSONSchema`, so they
 * cannot drift from what the server accepts; only the list of routes below is written by hand.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { BoardSchema } from '../../shared/board/index.ts';
import {
  BriefQuery,
  ChangeList,
  ChangesQuery,
  CreateBoardBody,
  CreatedBoard,
  ErrorBody,
  Id,
  SnapshotBody,
  SnapshotInfo,
  SnapshotList,
} from './schemas.ts';

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a request may carry. */
const toJsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** BoardJSON as an import accepts it (fields with defaults may be left out). */
export function boardJsonSchema(publicUrl: string): Record<string, unknown> {
  return {
    ...toJsonSchema(BoardSchema),
    $id: `${publicUrl}/api/schema/board.json`,
    title: 'BoardJSON',
    description:
      'A briefing board, version 1, as exported and imported. References between records (a card’s rowId names a row, …) are checked on import too.',
  };
}

const COMPONENTS = {
  BoardJSON: BoardSchema,
  CreateBoardBody,
  CreatedBoard,
  SnapshotBody,
  SnapshotInfo,
  SnapshotList,
  ChangeList,
  Error: ErrorBody,
};

type Component = keyof typeof COMPONENTS;
const ref = (name: Component) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: Component) => ({ content: { 'application/json': { schema: ref(name) } } });
const error = (description: string) => ({ description, ...json('Error') });

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each is a part of this document, not a document of its own.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

/** OpenAPI parameters from a zod object's fields. */
function parameters(where: 'query' | 'path', shape: z.ZodObject) {
  return Object.entries(shape.shape).map(([name, field]) => {
    const { description, ...schema } = toJsonSchema(field as z.ZodType);
    delete schema.$schema;
    return {
      name,
      in: where,
      required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema,
    };
  });
}

const board = parameters('path', z.object({ id: Id.meta({ description: 'the board’s id' }) }));
const snapshot = parameters(
  'path',
  z.object({ sid: z.string().min(1).meta({ description: 'the snapshot’s id' }) }),
);
const token = {
  name: 'token',
  in: 'query',
  required: false,
  description: 'the share-link token, when not sent as `Authorization: Bearer`',
  schema: { type: 'string' },
};
const denied = {
  401: error('no token, or not a valid one'),
  403: error('a token of another board, or a role that may not do this'),
  404: error('no such board'),
};
const withToken = { security: [{ shareLink: [] }], parameters: [...board, token] };

function document(publicUrl: string) {
  const brief = (type: string, description: string) => ({
    ...withToken,
    summary: description,
    parameters: [...withToken.parameters, ...parameters('query', BriefQuery)],
    responses: {
      200: { description, content: { [type]: {} } },
      400: error('an option the brief cannot use'),
      409: error('the facilitator requires sources and some measures cite none'),
      ...denied,
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Briefing board API',
      version: '1',
      description:
        'Boards of U.S. and Japanese economic-security measures: create, read, export, snapshots. Live editing goes through the Yjs WebSocket at /yjs/<board id>, not this API.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: `${publicUrl}/api` }],
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        shareLink: {
          type: 'http',
          scheme: 'bearer',
          description: 'A share link’s token: `<role>.<board id>.<signature>`.',
        },
      },
    },
    paths: {
      '/boards': {
        post: {
          summary: 'Create a board from a template or an imported BoardJSON',
          requestBody: { required: false, ...json('CreateBoardBody') },
          responses: {
            201: { description: 'the board, its three tokens and links', ...json('CreatedBoard') },
            400: error('a bad body (the code names the field, e.g. invalid_board)'),
            413: error('the body is too large (MAX_JSON_BYTES)'),
            429: error('too many boards from one address this minute'),
          },
        },
      },
      '/boards/{id}': {
        get: {
          ...withToken,
          summary: 'The board as BoardJSON',
          responses: { 200: { description: 'the board', ...json('BoardJSON') }, ...denied },
        },
        delete: {
          ...withToken,
          summary: 'Delete the board (facilitator)',
          responses: { 204: { description: 'deleted' }, ...denied },
        },
      },
      '/boards/{id}/export.json': {
        get: {
          ...withToken,
          summary: 'The board as a BoardJSON download',
          responses: { 200: { description: 'the board', ...json('BoardJSON') }, ...denied },
        },
      },
      '/boards/{id}/export.md': { get: brief('text/markdown', 'The brief as Markdown') },
      '/boards/{id}/export.html': { get: brief('text/html', 'The brief as HTML (no script)') },
      '/boards/{id}/export.pdf': { get: brief('application/pdf', 'The brief as PDF') },
      '/boards/{id}/snapshots': {
        get: {
          ...withToken,
          summary: 'The board’s named versions, newest first',
          responses: { 200: { description: 'the snapshots', ...json('SnapshotList') }, ...denied },
        },
        post: {
          ...withToken,
          summary: 'Take a snapshot (facilitator)',
          requestBody: { required: true, ...json('SnapshotBody') },
          responses: {
            201: { description: 'the snapshot', ...json('SnapshotInfo') },
            400: error('no usable label'),
            ...denied,
          },
        },
      },
      '/boards/{id}/snapshots/{sid}/restore': {
        post: {
          ...withToken,
          parameters: [...board, ...snapshot, token],
          summary: 'Restore a snapshot (facilitator); an undoable edit every client sees',
          responses: { 200: { description: 'the board now', ...json('BoardJSON') }, ...denied },
        },
      },
      '/boards/{id}/snapshots/{sid}/board': {
        get: {
          ...withToken,
          parameters: [...board, ...snapshot, token],
          summary: 'A snapshot’s board as BoardJSON',
          responses: { 200: { description: 'the board then', ...json('BoardJSON') }, ...denied },
        },
      },
      '/boards/{id}/changes': {
        get: {
          ...withToken,
          parameters: [...withToken.parameters, ...parameters('query', ChangesQuery)],
          summary: 'What changed since a snapshot',
          responses: {
            200: { description: 'the changes', ...json('ChangeList') },
            400: error('no snapshot named'),
            ...denied,
          },
        },
      },
    },
  };
}

/** Serves both descriptions under the API router (built once: they never change while running). */
export function describedRoutes(api: Router, { publicUrl }: { publicUrl: string }): void {
  const openapi = JSON.stringify(document(publicUrl));
  const boardSchema = JSON.stringify(boardJsonSchema(publicUrl));
  api.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });
  api.get('/schema/board.json', (_req, res) => {
    res.type('application/schema+json').send(boardSchema);
  });
}
