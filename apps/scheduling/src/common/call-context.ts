import { callGuards } from '@slotline/messaging';

export { auditActor, eventFrom, isAdmin, notFound } from '@slotline/messaging';

export const { requireActor, requireAdmin, requireRole } = callGuards({
  service: 'scheduling',
  adminAction: 'do this',
});
