import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE } from '@slotline/contracts';
import { registeredSchema } from '../openapi/named-schema';
import { webhookEventsDocumentation } from './webhook-events.docs';

describe(webhookEventsDocumentation.name, () => {
  const sut = webhookEventsDocumentation();

  it('documents every public event type and the test event, nothing else', () => {
    expect(Object.keys(sut).sort()).toEqual([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT_TYPE].sort());
  });

  it.each([...WEBHOOK_EVENT_TYPES])(
    '%s has the signature headers and a versioned payload naming it',
    (type) => {
      const op = sut[type].post;
      expect((op.parameters as Array<{ name: string }>).map((p) => p.name)).toEqual([
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
      ]);
      const ref = (op.requestBody as { content: Record<string, { schema: { $ref: string } }> }).content[
        'application/json'
      ].schema.$ref;
      const name = ref.split('/').pop()!;
      expect(name).toMatch(/V1$/);
      const body = registeredSchema(name)!;
      expect((body.properties!.type as { enum: string[] }).enum).toContain(type);
    },
  );
});
