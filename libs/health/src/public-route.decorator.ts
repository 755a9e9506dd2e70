import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'slotline:public';

/** The route needs no authentication (health, metrics, sign-in). Read by the gateway's default-deny guard. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
