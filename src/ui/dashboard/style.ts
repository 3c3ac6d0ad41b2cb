import { createContext, useContext } from 'react';

/**
 * Whether to colour (NO_COLOR turns it off). Without colour nothing is styled
 * at all, not even bold: the selection is a `>` marker, the active tab is in
 * brackets, so the screen reads the same in monochrome.
 */
export const ColorContext = createContext(true);

export function useColor(): boolean {
  return useContext(ColorContext);
}
