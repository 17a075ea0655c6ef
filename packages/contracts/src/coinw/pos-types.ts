/** CoinW's `posType` values: which kind of order a batch cancel names (one per call). */
export const COINW_POS_TYPES = ['execute', 'plan', 'moveStop', 'stopProfitLoss'] as const;
export type CoinwPosType = (typeof COINW_POS_TYPES)[number];
