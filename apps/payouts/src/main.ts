import 'reflect-metadata';
import { runMain } from '@slotline/bootstrap';
import { payoutsApp } from './payouts.app';

void runMain(payoutsApp());
