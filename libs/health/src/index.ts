export const LIB_HEALTH = 'health';
