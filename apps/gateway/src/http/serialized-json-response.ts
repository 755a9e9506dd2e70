import type { NestExpressApplication } from '@nestjs/platform-express';
import { SerializedJson } from '@slotline/messaging';
import type { Response } from 'express';

/**
 * Lets a controller return a service's answer as the JSON text the service wrote (`SerializedJson`):
 * Nest hands any object body to `res.json`, which here sends those bytes as they are, where it would
 * otherwise parse nothing but stringify the object again. The response is the one `res.json` gives for
 * the parsed value: the same `application/json; charset=utf-8`, the same bytes (see `responseBytesOf`),
 * so the same Content-Length, weak ETag (computed over the bytes either way), 304 on a matching
 * If-None-Match and compression. Only when Express's JSON settings would change the text, or a
 * Content-Type was set already, is the value parsed and sent as before.
 */
export function sendSerializedJsonAsIs(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance() as { response: Response };
  const json = express.response.json;
  express.response.json = function (this: Response, body: unknown) {
    if (!(body instanceof SerializedJson)) return json.call(this, body);
    const settings = this.app;
    const plain =
      !settings.get('json escape') && !settings.get('json replacer') && !settings.get('json spaces');
    if (!plain || this.get('Content-Type')) return json.call(this, body.parse());
    this.set('Content-Type', 'application/json');
    return this.send(body.bytes);
  };
}
