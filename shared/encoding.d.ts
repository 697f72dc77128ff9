// TextEncoder and TextDecoder are in browsers and in Node alike (the WHATWG Encoding standard), but
// TypeScript declares them only in its DOM lib and in @types/node. shared/ is compiled with neither
// (shared/tsconfig.json), so it declares the little it uses; the other tsconfigs exclude this file.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
