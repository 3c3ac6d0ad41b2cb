/** Bytes the combat log reader looks for: it scans Buffers, never whole lines as strings. */
export const COMMA = 44;
export const QUOTE = 34;
export const OPEN_SQUARE = 91;
export const CLOSE_SQUARE = 93;
export const OPEN_ROUND = 40;
export const CLOSE_ROUND = 41;
export const MINUS = 45;
