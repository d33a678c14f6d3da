import { describe, expect, it } from "vitest";
import { imageTypeOf } from "./image-type.ts";

describe("imageTypeOf", () => {
  it("recognises PNG, JPEG and WebP by their first bytes", () => {
    expect(imageTypeOf(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe("image/png");
    expect(imageTypeOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe("image/jpeg");
    expect(imageTypeOf(new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))?.mime).toBe("image/webp");
  });
  it("refuses anything else, whatever it is called", () => {
    expect(imageTypeOf(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"))).toBeNull();
    expect(imageTypeOf(new TextEncoder().encode("<!DOCTYPE html><html>"))).toBeNull();
    expect(imageTypeOf(new Uint8Array())).toBeNull();
    expect(imageTypeOf(new TextEncoder().encode("GIF89a"))).toBeNull();
  });
});
