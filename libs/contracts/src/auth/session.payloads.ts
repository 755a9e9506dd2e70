import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { Aal } from '../rpc/rpc-headers';
import { ClientContext, WithClientContext } from './client-context';

export class RefreshRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  refresh_token: string;
}

export class RefreshCommand extends WithClientContext(RefreshRequest) {}

/** Revoke one of the caller's own sessions. */
export class RevokeSessionCommand extends ClientContext {
  @IsUUID()
  session_id: string;
}

/** `?limit=&cursor=` of the caller's own session list. */
export class ListSessionsQuery extends PageQueryDto {}

export class AdminListSessionsQuery extends PageQueryDto {
  @IsUUID()
  user_id: string;
}

export class AdminRevokeSessionCommand extends ClientContext {
  @IsUUID()
  user_id: string;

  @IsUUID()
  session_id: string;
}

/** One sign-in (a refresh-token family) as its owner or an admin sees it. */
export interface SessionView {
  id: string;
  user_agent: string | null;
  ip: string | null;
  aal: Aal;
  created_at: string;
  last_used_at: string;
  /** True for the session the request's access token belongs to. */
  current: boolean;
}

export interface RevokeSessionsResult {
  revoked: number;
}
