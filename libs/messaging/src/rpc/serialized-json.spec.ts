import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { responseBytesOf, SerializedJson } from './serialized-json';

// The reply bytes exactly as a service writes them: PrefixedNatsServer's packet, with the id Nest adds,
// through Nest's own NATS serializer.
const serializer = new NatsRecordSerializer();
const replyOf = (packet: Record<string, unknown>, id = 'call-1') =>
  serializer.serialize({ ...packet, id }).data as Uint8Array;

describe(responseBytesOf.name, () => {
  const value = {
    items: [{ start: '2024-03-04T09:00:00+05:30', note: 'Zoë “q” \\ \n 🩺 \ud800' }],
    numbers: [0, -0, 1e21, 1.5e-7],
    keyed: { b: 1, 10: 'ten', 2: 'two' },
    next_cursor: null,
  };

  it('gives the text of a final answer’s response, as JSON.stringify of the parsed value writes it', () => {
    const bytes = responseBytesOf(replyOf({ response: value, isDisposed: true }), 'call-1');

    expect(bytes?.toString('utf8')).toBe(JSON.stringify(value));
    expect(bytes?.toString('utf8')).toBe(JSON.stringify(JSON.parse(bytes!.toString('utf8'))));
    expect(new SerializedJson<typeof value>(bytes!).parse()).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('copies the text out of a reply that is a view into a larger buffer the NATS client may reuse', () => {
    const reply = replyOf({ response: value, isDisposed: true });
    const chunk = Buffer.alloc(reply.length + 20, 0x20);
    chunk.set(reply, 7);
    const view = new Uint8Array(chunk.buffer, chunk.byteOffset + 7, reply.length);

    const bytes = responseBytesOf(view, 'call-1');
    chunk.fill(0x78);

    expect(bytes?.toString('utf8')).toBe(JSON.stringify(value));
  });

  it.each([
    ['an error', { err: { code: 'NF_RESOURCE', message: 'No.' }, isDisposed: true }, 'call-1'],
    ['a packet of a stream that goes on', { response: value, isDisposed: false }, 'call-1'],
    ['an answer to another call', { response: value, isDisposed: true }, 'call-2'],
    ['an answer with no value', { response: undefined, isDisposed: true }, 'call-1'],
  ])('leaves %s to be parsed', (_label, packet, id) => {
    expect(responseBytesOf(replyOf(packet), id)).toBeUndefined();
  });
});
