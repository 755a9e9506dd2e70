import { Controller } from '@nestjs/common';
import { AUTH_RPC } from '@slotline/contracts';
import { RpcHandler } from '@slotline/messaging';
import { SigningKeys } from './signing-keys';

@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @RpcHandler(AUTH_RPC.jwks)
  jwks() {
    // jose's JWK is an interface; copying each key gives it the plain-object type the contract names.
    return { keys: this.keys.jwks().keys.map((key) => ({ ...key })) };
  }
}
