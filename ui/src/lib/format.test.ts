import { describe, expect, it } from "vitest";
import { baseName, dateBound, formatAuthors, formatDate, isIsoDate } from "./format";

describe("format", () => {
  it("formats dates to their precision without time-zone shifts", () => {
    expect(formatDate("2023-11-22", "day")).toBe("22 Nov 2023");
    expect(formatDate("2023-11-22", "day", true)).toBe("22 November 2023");
    expect(formatDate("2023-11", "month")).toBe("Nov 2023");
    expect(formatDate("2023", "year")).toBe("2023");
    expect(formatDate("2023-11-22T06:05", "minute")).toBe("22 Nov 2023, 06:05");
    expect(formatDate(null)).toBe("");
  });

  it("joins authors", () => {
    expect(formatAuthors(["A"])).toBe("A");
    expect(formatAuthors(["A", "B"])).toBe("A and B");
    expect(formatAuthors(["A", "B", "C"])).toBe("A, B and C");
  });

  it("checks corrected dates", () => {
    for (const ok of ["2023", "2023-11", "2023-11-22", "2023-11-22T06:00", " 2023-01-01 "]) expect(isIsoDate(ok)).toBe(true);
    for (const bad of ["22/11/2023", "2023-13", "2023-11-32", "yesterday", "2023-11-22T25:00"]) expect(isIsoDate(bad)).toBe(false);
  });

  it("takes base names of both path styles", () => {
    expect(baseName("/a/b/c.txt")).toBe("c.txt");
    expect(baseName("C:\\x\\y.pdf")).toBe("y.pdf");
  });

  it("reads date filter bounds to the precision typed", () => {
    expect(dateBound("", "from")).toBe("");
    expect(dateBound("2023", "from")).toBe("2023-01-01");
    expect(dateBound("2023", "to")).toBe("2023-12-31");
    expect(dateBound("2024-2", "to")).toBe("2024-02-29");
    expect(dateBound("2023-11", "from")).toBe("2023-11-01");
    expect(dateBound(" 2023-11-22 ", "to")).toBe("2023-11-22");
    expect(dateBound("2023-02-30", "from")).toBeNull();
    expect(dateBound("Nov 2023", "from")).toBeNull();
  });
});
