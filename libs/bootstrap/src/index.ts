export const LIB_BOOTSTRAP = 'bootstrap';
