import 'reflect-metadata';
import { runMain } from '@slotline/bootstrap';
import { schedulingApp } from './scheduling.app';

void runMain(schedulingApp());
