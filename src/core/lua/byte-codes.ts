/** Bytes the SavedVariables scanners compare against (they read Buffers, not strings). */
export const QUOTE = 0x22;
export const APOSTROPHE = 0x27;
export const BACKSLASH = 0x5c;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const EQUALS = 0x3d;
export const COMMA = 0x2c;
export const SEMICOLON = 0x3b;
export const MINUS = 0x2d;
export const DOT = 0x2e;
export const NEWLINE = 0x0a;
export const RETURN = 0x0d;
