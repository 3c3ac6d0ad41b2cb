/** How many places `search` lists per item; a file of its own so the command's help does not load the search module. */

/**
 * One item's places by default: a screen's worth (20 lines, the title and the
 * "more" line fit a 24-row terminal). Beyond that a list stops answering "where
 * do I go to pick it up" — the biggest places and the total do — and on ten
 * accounts an item every character holds has 1,360 places: p95 19–21 ms to read
 * and send them all, 3–7 ms for the 20 biggest, which the index hands over
 * first (BENCHMARKS.md, bench:search).
 */
export const PLACES_ONE_ITEM = 20;
/** Each item's places when several match: enough to compare them on one screen. */
export const PLACES_EACH_ITEM = 10;
