import 'reflect-metadata';
import { runMain } from '@slotline/bootstrap';
import { notificationsApp } from './notifications.app';

void runMain(notificationsApp());
