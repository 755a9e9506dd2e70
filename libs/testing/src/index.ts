export const LIB_TESTING = 'testing';
