import { rng } from './auction-generator.js';

/**
 * Random SavedVariables files exercising the whole data subset: nested tables,
 * ["key"], [n] (negative, zero, huge), positional values with nil holes, strings
 * with every Lua 5.1 escape (\ddd bytes, backslash-newline, quotes), invalid
 * UTF-8, long strings, numbers (big ints, floats, exponents, hex, negatives),
 * booleans, comments, `X = nil`, both serializer styles, CRLF or LF.
 */
export interface GeneratedLua {
  text: Buffer;
}

export function generateLuaFile(seed: number): Buffer {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const crlf = random() < 0.3;
  const indented = random() < 0.5;
  const parts: Buffer[] = [];
  const emit = (s: string | Buffer): void => {
    parts.push(typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
  };
  const nl = () => emit(crlf ? '\r\n' : '\n');

  const stringLiteral = (): Buffer => {
    const kind = random();
    if (kind < 0.1) {
      const level = '='.repeat(Math.floor(random() * 3));
      const body = pick(['plain', 'with ]] inside', 'multi\nline', '"quotes" and \\backslash', 'ünïcødé 中文']);
      if (level === '' && body.includes(']]')) return Buffer.from(`[=[${body}]=]`);
      return Buffer.from(`[${level}[${random() < 0.5 ? '\n' : ''}${body}]${level}]`);
    }
    const quote = random() < 0.85 ? '"' : "'";
    const pieces: Buffer[] = [Buffer.from(quote)];
    const n = Math.floor(random() * 6);
    for (let i = 0; i < n; i++) {
      const r = random();
      if (r < 0.35) pieces.push(Buffer.from(pick(['Hearthstone', 'Mòòng-Tichondrius', 'Bæenjoyer', '中文字', 'a b c', '|cff0070dd|Hitem:6948::|h[Hearthstone]|h|r'])));
      else if (r < 0.5) pieces.push(Buffer.from(pick(['\\n', '\\t', '\\\\', '\\"', "\\'", '\\r', '\\a', '\\b', '\\f', '\\v'])));
      else if (r < 0.65) pieces.push(Buffer.from(`\\${Math.floor(random() * 256)}`));
      else if (r < 0.7) pieces.push(Buffer.from(`\\${String(Math.floor(random() * 10)).padStart(3, '0')}9`));
      else if (r < 0.75) pieces.push(Buffer.from('\\\n'));
      else if (r < 0.8) pieces.push(Buffer.from([0xff, 0xc3])); // stray invalid UTF-8
      else pieces.push(Buffer.from(quote === '"' ? "it's" : 'say "hi"'));
    }
    pieces.push(Buffer.from(quote));
    return Buffer.concat(pieces);
  };

  const numberLiteral = (): string => {
    const r = random();
    if (r < 0.3) return String(Math.floor(random() * 1000));
    if (r < 0.45) return String(Math.floor(random() * 2 ** 45) + 2 ** 33);
    if (r < 0.6) return String(-Math.floor(random() * 5000));
    if (r < 0.75) return (random() * 1e6 - 5e5).toString();
    if (r < 0.85) return pick(['1e3', '2.5E-3', '1.324473985375091e+16', '-7e2', '.5', '3.']);
    return `0x${Math.floor(random() * 0xffffff).toString(16)}`;
  };

  const value = (depth: number): void => {
    const r = random();
    if (depth < 4 && r < 0.3) return table(depth + 1);
    if (r < 0.55) return emit(stringLiteral());
    if (r < 0.85) return emit(numberLiteral());
    emit(pick(['true', 'false']));
  };

  const indent = (depth: number) => {
    if (indented) emit('\t'.repeat(depth));
  };

  const table = (depth: number): void => {
    emit('{');
    nl();
    const n = Math.floor(random() * 8);
    let positional = 0;
    for (let i = 0; i < n; i++) {
      indent(depth);
      const r = random();
      if (r < 0.35) {
        // `[ [[long]] ]`: without the spaces `[[` would open a long string.
        emit('[ ');
        emit(stringLiteral());
        emit(' ] = ');
        value(depth);
      } else if (r < 0.5) {
        emit(`[${pick(['-1', '0', '3', '17', String(2 ** 40), '-2', '1.5'])}] = `);
        value(depth);
      } else if (r < 0.55) {
        emit(`${pick(['name', 'Version', '_x1'])} = `);
        value(depth);
      } else if (r < 0.62) {
        positional += 1;
        emit('nil');
      } else {
        positional += 1;
        value(depth);
      }
      emit(random() < 0.9 ? ',' : ';');
      if (random() < 0.05) emit(' --[[ block\ncomment ]]');
      if (random() < 0.05) emit(' --[==[ level ]] two ]==]');
      if (indented && r >= 0.55) emit(` -- [${positional}]`);
      nl();
    }
    indent(depth - 1);
    emit('}');
  };

  nl();
  const statements = 1 + Math.floor(random() * 4);
  for (let s = 0; s < statements; s++) {
    emit(`Var${s}_${Math.floor(random() * 100)} = `);
    if (random() < 0.15) emit('nil');
    else if (random() < 0.8) table(1);
    else value(0);
    nl();
    if (random() < 0.2) {
      emit('-- a line comment');
      nl();
    }
  }
  return Buffer.concat(parts);
}
