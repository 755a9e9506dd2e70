import { ERROR_CODES, FieldError, Page, ProblemDocument } from '@slotline/contracts';
import { NamedSchema, arrayOf, defineObjectSchema, optional } from './named-schema';

export const FieldErrorSchema = defineObjectSchema<FieldError>('FieldError', {
  field: {
    type: 'string',
    description: 'The request field (dotted path) or header at fault.',
    example: 'email',
  },
  code: {
    type: 'string',
    description: 'What is wrong with it, e.g. `isEmail` or `whitelistValidation`.',
    example: 'isEmail',
  },
  message: { type: 'string', example: 'email must be a valid email address' },
});

/** Mirrors ProblemDocument (RFC 9457) in libs/contracts; `code` is one of the error taxonomy. */
export const ProblemSchema = defineObjectSchema<ProblemDocument>(
  'Problem',
  {
    type: { type: 'string', format: 'uri', example: 'https://slotline.dev/problems/val-failed' },
    title: { type: 'string', example: 'Validation failed' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    code: {
      type: 'string',
      enum: [...ERROR_CODES],
      description: 'Stable machine-readable code (docs/api/errors.md).',
    },
    message: { type: 'string', example: 'The request is invalid.' },
    trace_id: { type: 'string', description: 'W3C trace id of the request; empty when tracing is off.' },
    request_id: { type: 'string', description: 'Echo of the X-Request-ID response header.' },
    errors: optional(arrayOf(FieldErrorSchema)),
    details: optional({ type: 'object', additionalProperties: true }),
  },
  { description: 'RFC 9457 problem document; every non-2xx answer of the gateway is one.' },
);

/** The schema of `Page<item>` (GW-5), named `<item>Page`. */
export function pageSchema(item: NamedSchema): NamedSchema {
  return defineObjectSchema<Page<unknown>>(`${item.name}Page`, {
    items: arrayOf(item),
    next_cursor: {
      type: 'string',
      nullable: true,
      description: 'Pass as `cursor` to get the next page; null on the last.',
    },
    has_more: { type: 'boolean' },
  });
}
