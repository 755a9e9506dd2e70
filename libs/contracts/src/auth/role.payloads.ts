import { IsIn, IsUUID } from 'class-validator';
import { ROLES, Role } from '../rpc/rpc-headers';
import { ClientContext } from './client-context';

export class ChangeRoleRequest {
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;
}

export class ChangeRoleCommand extends ClientContext {
  @IsUUID()
  user_id: string;

  @IsIn(ROLES)
  role: Role;
}

export interface UserRoleView {
  id: string;
  role: Role;
  previous_role: Role;
  updated_at: string;
}
