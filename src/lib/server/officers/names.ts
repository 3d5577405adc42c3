import { comparePeople, nameParts } from '$lib/vietnamese-order';

/** People order (given name, family, middle; Vietnamese collation): one rule, in $lib/vietnamese-order. */
export const compareVietnameseNames = comparePeople;
export const givenName = (fullName: string) => nameParts(fullName).given;

/** For search: no case, no tone marks, đ as d ("nguyen van an" finds "Nguyễn Văn An"). */
export { foldText as foldForSearch } from '$lib/vietnamese-fold';
