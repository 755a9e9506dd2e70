import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AUTH_SUBJECTS } from '@slotline/contracts';
import { SigningKeys } from './signing-keys';

@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @MessagePattern(AUTH_SUBJECTS.jwks)
  jwks() {
    return this.keys.jwks();
  }
}
