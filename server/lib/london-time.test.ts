import { describe, expect, it } from "vitest";
import { isValidDate, londonToUtc, toLondonParts } from "./london-time.ts";

describe("UK wall-clock time", () => {
  it("is GMT in winter and BST in summer", () => {
    expect(londonToUtc({ year: 2026, month: 1, day: 12, hour: 10, minute: 0 }).toISOString()).toBe("2026-01-12T10:00:00.000Z");
    expect(londonToUtc({ year: 2026, month: 7, day: 14, hour: 10, minute: 0 }).toISOString()).toBe("2026-07-14T09:00:00.000Z");
  });

  it("handles the clock changes: the spring gap moves forward, the repeated autumn hour takes the later one", () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 does not exist.
    expect(londonToUtc({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(londonToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 25 October 2026: 01:30 happens twice.
    expect(londonToUtc({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }).toISOString()).toBe("2026-10-25T01:30:00.000Z");
  });

  it("reads back what it wrote", () => {
    for (const iso of ["2026-01-01T00:00:00Z", "2026-06-30T23:59:00Z", "2026-10-25T01:30:00Z"]) {
      expect(londonToUtc(toLondonParts(new Date(iso))).getTime()).toBeLessThanOrEqual(new Date(iso).getTime());
    }
    expect(toLondonParts(new Date("2026-07-14T09:00:00Z"))).toEqual({ year: 2026, month: 7, day: 14, hour: 10, minute: 0 });
  });

  it("knows real dates", () => {
    expect(isValidDate(2026, 2, 31)).toBe(false);
    expect(isValidDate(2028, 2, 29)).toBe(true);
    expect(isValidDate(2026, 2, 29)).toBe(false);
  });
});
