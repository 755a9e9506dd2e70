import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUDIT_SUBJECTS, CallMeta, ListAuditLogsQuery } from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { AuditLogService } from './audit-log.service';

@Controller()
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @MessagePattern(AUDIT_SUBJECTS.list)
  list(@Payload() query: ListAuditLogsQuery, @Meta() meta: CallMeta) {
    return this.audit.list(query, meta);
  }

  @MessagePattern(AUDIT_SUBJECTS.verify)
  verify(@Meta() meta: CallMeta) {
    return this.audit.verify(meta);
  }
}
