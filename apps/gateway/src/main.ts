import 'reflect-metadata';
import { runMain } from '@slotline/bootstrap';
import { gatewayApp } from './gateway.app';

void runMain(gatewayApp());
