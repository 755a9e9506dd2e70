import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AUDIT_RPC, CallMeta, ListAuditLogsQuery } from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { AuditLogService } from './audit-log.service';

@Controller()
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @RpcHandler(AUDIT_RPC.list)
  list(@Payload() query: ListAuditLogsQuery, @Meta() meta: CallMeta) {
    return this.audit.list(query, meta);
  }

  @RpcHandler(AUDIT_RPC.verify)
  verify(@Payload() _query: Record<string, never>, @Meta() meta: CallMeta) {
    return this.audit.verify(meta);
  }
}
