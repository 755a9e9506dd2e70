import { LoginFailureEntity } from './accounts/login-failure.entity';
import { UserEntity } from './accounts/user.entity';

export const AUTH_ENTITIES = [UserEntity, LoginFailureEntity];
