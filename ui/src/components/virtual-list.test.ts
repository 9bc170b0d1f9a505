import { describe, expect, it } from "vitest";
import { VirtualList } from "./virtual-list";

describe("VirtualList", () => {
  it("draws only the rows in view at 100,000 rows", () => {
    let rendered = 0;
    const list = new VirtualList({
      rowHeight: 50,
      renderRow: (el, i) => {
        rendered++;
        el.textContent = `row ${i}`;
      },
    });
    document.body.appendChild(list.el);
    list.setCount(100_000);
    const drawn = list.drawn();
    expect(drawn.length).toBeLessThan(40);
    expect(drawn[0]).toBe(0);
    expect(list.el.querySelectorAll(".vlist-row").length).toBe(drawn.length);
    expect((list.el.querySelector(".vlist-spacer") as HTMLElement).style.height).toBe("5000000px");

    list.el.scrollTop = 2_500_000; // row 50,000
    list.refresh();
    const after = list.drawn();
    expect(after).toContain(50_000);
    expect(after.length).toBeLessThan(40);
    expect(list.el.querySelectorAll(".vlist-row").length).toBe(after.length);
    // The work done, not the time taken: only rows in view were ever drawn.
    expect(rendered).toBeLessThan(100);
    list.el.remove();
  });

  it("moves the selection with the arrow keys and activates rows", () => {
    const activated: number[] = [];
    const list = new VirtualList({ rowHeight: 40, renderRow: () => {}, onActivate: (i) => activated.push(i) });
    list.setCount(3);
    const key = (k: string) => list.el.dispatchEvent(new KeyboardEvent("keydown", { key: k }));
    key("ArrowDown");
    key("ArrowDown");
    key("ArrowDown");
    key("ArrowDown");
    key("ArrowUp");
    expect(activated).toEqual([0, 1, 2, 2, 1]);
    expect(list.selected).toBe(1);
  });
});
