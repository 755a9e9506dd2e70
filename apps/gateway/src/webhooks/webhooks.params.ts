import { IsUUID } from 'class-validator';

export class WebhookEndpointParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class WebhookDeliveryPathParams extends WebhookEndpointParams {
  @IsUUID('all', { message: 'delivery_id must be a UUID' })
  delivery_id: string;
}
