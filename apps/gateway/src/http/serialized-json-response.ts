import { SerializedJson } from '@slotline/messaging';

/**
 * The gateway's reply serializer (`setReplySerializer`): a service's answer returned as the JSON text the
 * service wrote (`SerializedJson`) is sent as those bytes, where Fastify would stringify the object
 * (and the controller would first have parsed it); any other value is `JSON.stringify`-ed as Fastify's
 * default serializer does for a route without a response schema. Fastify has already set
 * `application/json; charset=utf-8` for an object payload, and the ETag, 304 and compression hooks see
 * the same bytes either way. Fastify's type says string; a Buffer is a payload it sends as it is.
 */
export function serializeReply(payload: unknown): string {
  if (payload instanceof SerializedJson) return payload.bytes as unknown as string;
  return JSON.stringify(payload);
}
