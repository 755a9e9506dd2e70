import { AdminPayoutsController } from './admin-payouts.controller';
import { MyPayoutsController } from './my-payouts.controller';

/** Every HTTP route of the payouts context, for GatewayModule. */
export const PAYOUTS_CONTROLLERS = [AdminPayoutsController, MyPayoutsController];
