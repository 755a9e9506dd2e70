import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { AUDIT_RPC, AuditLogRecord, AuditVerifyResult, ListAuditLogsQuery, Page } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { RateLimitTier } from '../rate-limit';
import { AuditLogRecordPageSchema, AuditVerifyResultSchema } from './admin-audit.schemas';

// Verification walks the whole retained chain; it may take far longer than an ordinary query.
const VERIFY_TIMEOUT_MS = 120_000;

@ApiTag('Admin: audit log', 'The tamper-evident audit log and its hash-chain check (AUTH-7).')
@Controller('v1/admin/audit-logs')
@RateLimitTier('admin')
export class AdminAuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiResult(AuditLogRecordPageSchema, { summary: 'List audit log rows, newest first' })
  @ApiErrors(...AUDIT_RPC.list.errors)
  list(@Query() query: ListAuditLogsQuery, @Req() req: GatewayRequest): Promise<Page<AuditLogRecord>> {
    return this.rpc.request(AUDIT_RPC.list, query, callOf(req));
  }

  @Post('verify')
  @RequirePermission('audit:verify')
  @HttpCode(200)
  @ApiResult(AuditVerifyResultSchema, { summary: 'Verify the audit log hash chain' })
  verify(@Req() req: GatewayRequest): Promise<AuditVerifyResult> {
    return this.rpc.request(AUDIT_RPC.verify, {}, { ...callOf(req), timeoutMs: VERIFY_TIMEOUT_MS });
  }
}
