/**
 * The memory linearity of `npm run bench` (scripts/bench/memory.ts): marginal memory per
 * environment between sizes, and the check that the last step stays within a factor of the one
 * before it, both ways.
 */
import { linearityCheck, marginalMemory } from "../../../scripts/bench/memory";

describe("marginalMemory", () => {
  it("GIVEN peak RSS per size THEN MB per environment between consecutive sizes, sorted by size", () => {
    expect(marginalMemory([{ n: 100, mb: 154 }, { n: 1, mb: 134 }, { n: 500, mb: 238 }, { n: 10, mb: 138 }])).toEqual([
      { from: 1, to: 10, mbPerEnvironment: 4 / 9 },
      { from: 10, to: 100, mbPerEnvironment: 16 / 90 },
      { from: 100, to: 500, mbPerEnvironment: 84 / 400 },
    ]);
  });

  it("one size gives no step", () => expect(marginalMemory([{ n: 1, mb: 100 }])).toEqual([]));
});

describe("linearityCheck", () => {
  const steps = (...mb: number[]) => marginalMemory([1, 10, 100, 500].map((n, i) => ({ n, mb: mb[i]! })));

  it("GIVEN the last run's sizes THEN 100→500 is compared with 10→100 and met", () => {
    const result = linearityCheck(steps(134, 138, 154, 238))!;
    expect([result.base.from, result.base.to, result.last.from, result.last.to]).toEqual([10, 100, 100, 500]);
    expect(result.ratio).toBeCloseTo(0.21 / (16 / 90), 5);
    expect(result.met).toBe(true);
    expect(result.statement).toBe("100→500: 0.21 MB/env is 1.18x 10→100: 0.18 MB/env (linear within a factor of 2: 0.50x-2x); met");
  });

  it("GIVEN memory per environment growing with the fleet (superlinear) THEN not met", () => {
    // 10→100: 0.2 MB/env; 100→500: 1 MB/env, 5x.
    const result = linearityCheck(steps(130, 132, 150, 550))!;
    expect(result.ratio).toBeCloseTo(5, 5);
    expect(result.met).toBe(false);
    expect(result.statement).toMatch(/; not met$/);
  });

  it("GIVEN the last step far below the one before THEN not met either (the earlier growth was no per-environment cost)", () => {
    expect(linearityCheck(steps(130, 132, 222, 242))!.met).toBe(false); // 1 MB/env, then 0.05
  });

  it("GIVEN exactly the factor either way THEN met; a wider factor accepts more", () => {
    expect(linearityCheck(steps(100, 100, 190, 990))!.met).toBe(true); // 1 -> 2 MB/env: 2x
    expect(linearityCheck(steps(100, 100, 190, 390))!.met).toBe(true); // 1 -> 0.5: 0.5x
    expect(linearityCheck(steps(100, 100, 190, 1390))!.met).toBe(false); // 3x
    expect(linearityCheck(steps(100, 100, 190, 1390), 4)!.met).toBe(true);
  });

  it("GIVEN a base step that did not grow THEN no ratio and not met", () => {
    const result = linearityCheck(steps(130, 140, 140, 300))!;
    expect(result.ratio).toBeUndefined();
    expect(result.met).toBe(false);
    expect(result.statement).toContain("the base step did not grow");
  });

  it("GIVEN fewer than three sizes THEN no check; a factor below 1 is refused", () => {
    expect(linearityCheck(marginalMemory([{ n: 1, mb: 1 }, { n: 10, mb: 2 }]))).toBeUndefined();
    expect(() => linearityCheck(steps(1, 2, 3, 4), 0.5)).toThrow("factor must be at least 1");
  });
});
