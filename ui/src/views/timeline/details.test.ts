// The event page: disagreements side by side with the sources giving each
// value, sources with the trigger marked (UTF-8 byte spans), links to the
// article and to the map.

import { describe, expect, it, vi } from "vitest";
import type { EventDetail, EventSource } from "../../ipc/types";
import { utf8Length } from "../../lib/utf8";
import { renderDetails, sentenceParts } from "./details";

function source(article_id: number, outlet: string | null, title: string, sentence: string, trigger: string, sentenceStart = 100): EventSource {
  const i = sentence.indexOf(trigger);
  const start = sentenceStart + utf8Length(sentence.slice(0, i));
  return { article_id, title, outlet, published: "2023-11-22", sentence, sentence_start: sentenceStart, trigger: { start, end: start + utf8Length(trigger) }, mention_key: `${article_id}:${start}` };
}

const SENTENCE = "Iraq’s government condemned overnight U.S. airstrikes south of Baghdad that killed eight members of Kataib Hezbollah.";

const detail: EventDetail = {
  event: {
    id: 7,
    kind: "airstrike",
    family: "violence",
    date: "2023-11-21TNI",
    precision: "part_of_day",
    first_day: "2023-11-21",
    last_day: "2023-11-22",
    place_id: 12,
    place_name: "Baghdad",
    lat: 33.3,
    lon: 44.4,
    actors: ["United States", "Kataib Hezbollah"],
    killed: 8,
    injured: null,
    source_count: 3,
    mention_count: 3,
    disagreement_count: 1,
    summary: "Airstrike by United States on Kataib Hezbollah in Baghdad",
  },
  sources: [
    source(1, null, "Iraq Condemns US Airstrikes That Killed Iran-Linked Militants", "Iraq says overnight US airstrikes south of Baghdad that killed eight members of Kataib Hezbollah.", "airstrikes", 300),
    source(2, "Reuters", "Iraq says U.S. strikes a ‘dangerous escalation’", SENTENCE, "airstrikes", 150),
    source(3, "Atlas News", "Nine killed in strikes", "US strikes killed nine fighters, a militia said.", "strikes", 40),
  ],
  actors: [
    { name: "United States", role: "agent", entity_id: 4 },
    { name: "Kataib Hezbollah", role: "target", entity_id: 5 },
  ],
  figures: [
    { kind: "killed", values: [{ value: "8", article_ids: [1, 2] }, { value: "9", article_ids: [3] }] },
    { kind: "injured", values: [{ value: "18", article_ids: [2] }] },
  ],
  disagreements: [{ field: "killed", values: [{ value: "8", article_ids: [1, 2] }, { value: "9", article_ids: [3] }] }],
};

function render() {
  const cb = { onOpenArticle: vi.fn(), onShowPlace: vi.fn(), onClose: vi.fn() };
  const el = renderDetails(detail, cb);
  document.body.replaceChildren(el);
  return { el, cb };
}

describe("event details", () => {
  it("shows a disagreement side by side, each value with the sources that give it", () => {
    const { el, cb } = render();
    const box = el.querySelector('.tl-disagreement[data-field="killed"]')!;
    expect(box.querySelector(".tl-disagreement-field")!.textContent).toBe("Killed");
    const values = [...box.querySelectorAll(".tl-disagreement-value")];
    expect(values.map((v) => v.querySelector(".tl-value")!.textContent)).toEqual(["8", "9"]);
    // A source without an outlet is named by its title.
    expect([...values[0].querySelectorAll(".tl-source-ref")].map((b) => b.textContent)).toEqual(["Iraq Condemns US Airstrikes That Killed Iran-Linked Militants", "Reuters"]);
    expect([...values[1].querySelectorAll(".tl-source-ref")].map((b) => b.textContent)).toEqual(["Atlas News"]);
    expect(values[0].querySelector(".tl-value-count")!.textContent).toBe("2 sources");
    (values[1].querySelector(".tl-source-ref") as HTMLButtonElement).click();
    expect(cb.onOpenArticle).toHaveBeenCalledWith(3, detail.sources[2].trigger);
  });

  it("lists agreed figures once, not the disputed ones", () => {
    const { el } = render();
    const facts = [...el.querySelectorAll(".tl-facts dt")].map((d) => d.textContent);
    expect(facts).toContain("Injured");
    expect(facts).not.toContain("Killed");
  });

  it("lists every source with outlet, title, date and the sentence with the trigger marked", () => {
    const { el, cb } = render();
    const items = [...el.querySelectorAll(".tl-source")];
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.querySelector(".tl-source-outlet")!.textContent)).toEqual(["No outlet", "Reuters", "Atlas News"]);
    expect(items[1].querySelector(".tl-source-title")!.textContent).toBe("Iraq says U.S. strikes a ‘dangerous escalation’");
    expect(items[1].querySelector(".tl-source-date")!.textContent).toBe("22 Nov 2023");
    // The curly apostrophe before the trigger is three bytes: the mark still falls on the word.
    expect(items[1].querySelector("mark")!.textContent).toBe("airstrikes");
    expect(items[1].querySelector(".tl-sentence")!.textContent).toBe(SENTENCE);
    (items[1].querySelector("[data-action=open-source]") as HTMLButtonElement).click();
    expect(cb.onOpenArticle).toHaveBeenCalledWith(2, detail.sources[1].trigger);
  });

  it("shows the date with its precision, the place as a link to the map, and actors with roles", () => {
    const { el, cb } = render();
    expect(el.querySelector(".tl-date-value")!.textContent).toBe("21 Nov 2023, night");
    expect(el.querySelector(".tl-precision")!.textContent).toBe("part of a day");
    (el.querySelector(".tl-place") as HTMLButtonElement).click();
    expect(cb.onShowPlace).toHaveBeenCalledWith(12);
    expect([...el.querySelectorAll(".tl-actor")].map((a) => [a.textContent, a.getAttribute("data-role")])).toEqual([
      ["United States", "agent"],
      ["Kataib Hezbollah", "target"],
    ]);
  });

  it("shows an article reporting the event twice as one source with both sentences", () => {
    const twice = { ...detail, sources: [...detail.sources, source(2, "Reuters", "Iraq says U.S. strikes a ‘dangerous escalation’", "The U.S. strikes hit two sites.", "strikes", 400)] };
    const el = renderDetails(twice, { onOpenArticle: () => {}, onShowPlace: () => {}, onClose: () => {} });
    expect([...el.querySelectorAll(".tl-section h3")].map((h) => h.textContent)).toContain("Sources (3)");
    const cards = [...el.querySelectorAll(".tl-source")];
    expect(cards).toHaveLength(3);
    expect(cards[1].querySelectorAll(".tl-sentence")).toHaveLength(2);
    expect(cards[1].querySelector(".tl-source-mentions")!.textContent).toBe("2 mentions");
    expect([...cards[1].querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["airstrikes", "strikes"]);
  });

  it("never turns article text into markup", () => {
    const evil = { ...detail, sources: [source(9, "<b>x</b>", "<img src=x onerror=alert(1)>", "A <script>alert(1)</script> strike.", "strike")] };
    const el = renderDetails(evil, { onOpenArticle: () => {}, onShowPlace: () => {}, onClose: () => {} });
    expect(el.querySelector("img, script, b")).toBeNull();
    expect(el.querySelector(".tl-source-title")!.textContent).toBe("<img src=x onerror=alert(1)>");
  });

  it("splits a sentence at byte offsets, clamping a trigger outside it", () => {
    const s = source(1, null, "t", "Les frappes près de Bagdad", "Bagdad", 0);
    expect(sentenceParts(s)).toEqual(["Les frappes près de ", "Bagdad", ""]);
    expect(sentenceParts({ ...s, trigger: { start: 0, end: 3 }, sentence_start: 10 })).toEqual(["", "", "Les frappes près de Bagdad"]);
  });
});
