import { LoginFailureEntity } from './accounts/login-failure.entity';
import { RefreshTokenEntity } from './accounts/refresh-token.entity';
import { SessionEntity } from './accounts/session.entity';
import { UserEntity } from './accounts/user.entity';

export const AUTH_ENTITIES = [UserEntity, SessionEntity, RefreshTokenEntity, LoginFailureEntity];
