import { describe, expect, it } from "vitest";
import { describeFailure, invalidContent, notFound, type FailedOperation } from "./describe.js";
import { PersistError, isPersistError } from "./persist-error.js";

const op: FailedOperation = { action: "write", label: "signal", entity: "BTCUSDT_trend", id: "BTCUSDT", path: "/data/signal/BTCUSDT_trend/BTCUSDT.json" };
const errno = (code: string): Error => Object.assign(new Error(`${code}: boom`), { code });

describe("errors a user can meet", () => {
  it.each([
    ["ENOENT", "not_found", "nothing is stored at"],
    ["EACCES", "permission_denied", "permission denied (EACCES)"],
    ["EPERM", "permission_denied", "permission denied (EPERM)"],
    ["EROFS", "permission_denied", "permission denied (EROFS)"],
    ["ENOSPC", "disk_full", "the disk is full (ENOSPC)"],
    ["EDQUOT", "disk_full", "the disk is full (EDQUOT)"],
    ["EIO", "io", "the storage failed (EIO)"],
    ["EBUSY", "io", "the storage failed (EBUSY)"],
  ])("%s becomes %s, in a sentence naming the entity, the id and the path", (code, expected, phrase) => {
    const error = describeFailure(errno(code), op);
    expect(isPersistError(error)).toBe(true);
    expect(error).toMatchObject({ code: expected, entity: "BTCUSDT_trend", id: "BTCUSDT", path: op.path });
    expect(error.message).toBe(error.message.trim());
    expect(error.message).toMatch(/^Cannot write signal "BTCUSDT" of "BTCUSDT_trend": /);
    expect(error.message).toContain(phrase);
    expect(error.message).toContain(op.path);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("describes an error without errno by its message, as io", () => {
    expect(describeFailure(new Error("connection reset by Redis"), op)).toMatchObject({ code: "io", message: expect.stringContaining("connection reset by Redis") });
  });

  it("passes a PersistError through unchanged", () => {
    const original = notFound(op);
    expect(describeFailure(original, { ...op, id: "other" })).toBe(original);
  });

  it("names a whole directory when there is no id", () => {
    expect(describeFailure(errno("EACCES"), { ...op, action: "initialise", id: "", path: "/data/signal/BTCUSDT_trend" }).message).toMatch(
      /^Cannot initialise the signal directory "BTCUSDT_trend": permission denied/,
    );
  });

  it("says what is wrong with invalid content", () => {
    const error = invalidContent(op, "the value is invalid: priceOpen = -1: Too small");
    expect(error).toBeInstanceOf(PersistError);
    expect(error).toMatchObject({ code: "invalid_content" });
    expect(error.message).toBe(`Cannot write signal "BTCUSDT" of "BTCUSDT_trend": the value is invalid: priceOpen = -1: Too small (${op.path}).`);
  });
});
