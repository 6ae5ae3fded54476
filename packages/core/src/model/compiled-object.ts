import { $ZodObjectJIT, $constructor, type $ZodLooseShape, type $strip, type util } from "zod/v4/core";
import { ZodMiniType, type ZodMiniObject } from "zod/mini";

/**
 * zod/mini's objects are checked key by key; classic zod's compile a checker per shape (zod core's
 * `$ZodObjectJIT`), about 5× faster on a valid object (0.3 µs against 1.7 µs for a proposal,
 * measured). A backtest parses a proposal on every ask, so the proposal schema keeps classic's
 * compiled object, as a zod/mini schema: same checks, same issues, same output. Where `eval` is
 * not allowed (strict CSP), zod falls back to the key-by-key check by itself.
 */
const MiniType: $constructor<ZodMiniType> = ZodMiniType;

const ZodMiniCompiledObject: $constructor<ZodMiniObject> = $constructor("ZodMiniCompiledObject", (inst, def) => {
  $ZodObjectJIT.init(inst, def);
  MiniType.init(inst, def);
  // zod/mini's objects expose their shape as a non-enumerable property, read from the definition.
  Object.defineProperty(inst, "shape", { get: () => inst._zod.def.shape, enumerable: false, configurable: true });
});

/** `z.object(shape)` with a compiled checker, for schemas parsed on a hot path. */
export const compiledObject = <T extends $ZodLooseShape>(shape: T): ZodMiniObject<util.Writeable<T>, $strip> =>
  new ZodMiniCompiledObject({ type: "object", shape }) as unknown as ZodMiniObject<util.Writeable<T>, $strip>;
