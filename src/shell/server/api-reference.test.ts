import { describe, expect, it } from 'vitest';
import { referenceFrom, typeText } from './api-reference.js';

describe('the API reference page', () => {
  const document = {
    tags: [
      { name: 'front-door', description: 'Contacts' },
      { name: 'unused', description: 'No operations' },
    ],
    paths: {
      '/api/contacts/{workItemId}': {
        get: {
          tags: ['front-door'],
          summary: 'Read a contact',
          parameters: [
            { name: 'workItemId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'The contact' }, '404': { description: 'Not found' } },
        },
      },
      '/api/contacts': {
        post: {
          tags: ['front-door'],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['urgency'],
                  properties: {
                    urgency: { type: 'string', enum: ['immediate', 'today', 'routine'] },
                    concerns: { type: 'string', maxLength: 20000, description: 'what worries you' },
                    children: {
                      type: 'array',
                      items: { type: 'object', properties: { personId: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
          responses: { '201': { description: 'Made' } },
        },
      },
    },
  };

  it('groups operations by tag, leaving out tags with none', () => {
    const tags = referenceFrom(document);
    expect(tags.map((t) => t.name)).toEqual(['front-door']);
    expect(tags[0]?.operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /api/contacts/{workItemId}',
      'POST /api/contacts',
    ]);
  });

  it('lists what to send, nested fields by dotted name, with types and limits', () => {
    const post = referenceFrom(document)[0]?.operations[1];
    expect(post?.body).toEqual([
      {
        name: 'urgency',
        where: 'body',
        type: 'one of: immediate, today, routine',
        required: true,
        description: '',
      },
      {
        name: 'concerns',
        where: 'body',
        type: 'string, at most 20000 characters',
        required: false,
        description: 'what worries you',
      },
      { name: 'children', where: 'body', type: 'list of object', required: false, description: '' },
      {
        name: 'children[].personId',
        where: 'body',
        type: 'string',
        required: false,
        description: '',
      },
    ]);
    const get = referenceFrom(document)[0]?.operations[0];
    expect(get?.parameters).toEqual([
      { name: 'workItemId', where: 'path', type: 'string', required: true, description: '' },
    ]);
    expect(get?.responses).toEqual([
      { status: '200', description: 'The contact' },
      { status: '404', description: 'Not found' },
    ]);
  });

  it('says alternatives and nullables in words', () => {
    expect(typeText({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string or null');
    expect(typeText(undefined)).toBe('any');
  });
});
