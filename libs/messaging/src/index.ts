export const LIB_MESSAGING = 'messaging';
