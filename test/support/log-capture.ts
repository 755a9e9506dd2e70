export { LogCapture } from '@slotline/testing';
