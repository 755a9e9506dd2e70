import { LIB_CONTRACTS } from '@slotline/contracts';
console.log(LIB_CONTRACTS);
