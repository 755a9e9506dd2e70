export const LIB_CONFIG = 'config';
