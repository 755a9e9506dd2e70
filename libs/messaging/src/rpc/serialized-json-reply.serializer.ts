import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { SerializedJson } from './serialized-json';

const RESPONSE_NULL = Buffer.from('{"response":null');
const RESPONSE = Buffer.from('{"response":');

/**
 * Nest's NATS reply serializer, except that a handler's `SerializedJson` answer is written as the bytes
 * it holds where `JSON.stringify` would have written its value: a large page is built as JSON text once,
 * not as objects that are then stringified and encoded. The packet is otherwise Nest's own, written by
 * Nest (`{"response":<value>,"isDisposed":true,"id":"<id>"}`, see `responseBytesOf`), so a caller sees
 * the bytes it would have seen had the handler returned the value.
 */
export class SerializedJsonReplySerializer extends NatsRecordSerializer {
  override serialize(packet: unknown): { data: Uint8Array; headers?: unknown } {
    const reply = packet as { response?: unknown } | undefined;
    if (!(reply?.response instanceof SerializedJson)) return super.serialize(packet) as never;
    const rest = super.serialize({ ...reply, response: null }) as { data: Uint8Array; headers?: unknown };
    const written = Buffer.from(rest.data.buffer, rest.data.byteOffset, rest.data.byteLength);
    // `response` is the packet's first key (Nest builds it as {response, isDisposed}, then adds the id).
    if (!written.subarray(0, RESPONSE_NULL.length).equals(RESPONSE_NULL)) {
      return super.serialize({ ...reply, response: reply.response.parse() }) as never;
    }
    return {
      ...rest,
      data: Buffer.concat([RESPONSE, reply.response.bytes, written.subarray(RESPONSE_NULL.length)]),
    };
  }
}
