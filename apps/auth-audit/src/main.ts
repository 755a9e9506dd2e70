import 'reflect-metadata';
import { runMain } from '@slotline/bootstrap';
import { authAuditApp } from './auth-audit.app';

void runMain(authAuditApp());
