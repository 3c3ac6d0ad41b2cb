// The writer ships with the demo (src/core/demo); tests keep importing it from here.
export * from '../../src/core/demo/lua-writer.js';
