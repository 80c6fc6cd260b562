/**
 * defineRule is typed by the rule's messages and options: `npm test` type-checks this file, so each
 * `@ts-expect-error` below fails the build if the mistake it marks stops being a type error.
 */
import { describe, expect, it } from 'vitest';
import { defineRule, formatMessage, type Placeholders } from '../src/engine/rule.js';

const meta = {
  id: 'typed-example',
  title: 'Typed example',
  description: 'A rule used only to check types.',
  rationale: 'None.',
  remediation: 'None.',
  level: 'note' as const,
  precision: 'low' as const,
  securitySeverity: 1,
  cwe: [],
  references: [],
  examples: { bad: { code: '' }, good: { code: '' } },
};

describe('defineRule types', () => {
  it('checks message ids, placeholders and option types at compile time', () => {
    const placeholders: Placeholders<'{{api}} verifies with {{key}}'>[] = ['api', 'key'];
    const rule = defineRule({
      meta: {
        ...meta,
        messages: { plain: 'No placeholder.', withApi: '{{api}} verifies with {{key}}.' },
        options: { limit: { type: 'number', default: 3, description: 'A number.' }, names: { type: 'string[]', default: ['a'], description: 'Names.' } },
      },
      create(context) {
        const limit: number = context.options.limit;
        const names: string[] = context.options.names;
        // @ts-expect-error a number option is not a string
        const wrong: string = context.options.limit;
        return {
          verify(operation) {
            context.report({ at: operation.node, messageId: 'plain' });
            context.report({ at: operation.node, messageId: 'withApi', data: { api: operation.api, key: 'k' } });
            // @ts-expect-error no such message
            context.report({ at: operation.node, messageId: 'missing' });
            // @ts-expect-error the message needs {{key}}
            context.report({ at: operation.node, messageId: 'withApi', data: { api: operation.api } });
            // @ts-expect-error the message has no {{extra}}
            context.report({ at: operation.node, messageId: 'withApi', data: { api: operation.api, key: 'k', extra: 1 } });
            void [limit, names, wrong];
          },
        };
      },
    });
    expect(placeholders).toEqual(['api', 'key']);
    expect(Object.keys(rule.meta.messages)).toEqual(['plain', 'withApi']);
    expect(formatMessage(rule.meta.messages.withApi, { api: 'jwt.verify', key: 'k' })).toBe('jwt.verify verifies with k.');
  });
});
