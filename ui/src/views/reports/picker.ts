// A search box that finds one thing to report on (an entity, or an article
// whose story to take): type, pick from the suggestions, and the choice shows
// as a chip that can be cleared. The search itself is the caller's.

import { h, replace } from "../../lib/dom";
import { icon } from "../../components/icons";

export interface Choice {
  id: number;
  label: string;
}

export interface Suggestion extends Choice {
  /** A coloured dot's class (kind-dot kind-per) or null. */
  dot?: string | null;
  meta?: string;
}

export interface PickerOptions {
  name: string;
  placeholder: string;
  /** What the chip says before the label ("Story of"). */
  prefix: string;
  empty: string;
  find(text: string): Promise<Suggestion[]>;
  onChange(choice: Choice | null): void;
}

export class Picker {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly results: HTMLUListElement;
  private readonly chip: HTMLElement;
  private token = 0;
  private choice: Choice | null = null;

  constructor(private readonly opts: PickerOptions) {
    this.input = h("input", { type: "search", class: "text-input rp-picker-input", placeholder: opts.placeholder, "aria-label": opts.placeholder, autocomplete: "off", spellcheck: "false", "data-picker": opts.name });
    this.results = h("ul", { class: "rp-suggestions", role: "listbox", hidden: true });
    this.chip = h("div", { class: "chip rp-choice", hidden: true });
    this.input.addEventListener("input", () => void this.find());
    this.input.addEventListener("focus", () => void this.find());
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.close();
      if (e.key === "Enter") {
        e.preventDefault();
        (this.results.querySelector("button") as HTMLButtonElement | null)?.click();
      }
    });
    this.input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    this.el = h("div", { class: "rp-picker" }, h("div", { class: "rp-picker-box" }, this.input, this.results), this.chip);
  }

  get value(): Choice | null {
    return this.choice;
  }

  set(choice: Choice | null): void {
    this.choice = choice;
    this.chip.hidden = choice === null;
    this.input.hidden = choice !== null;
    if (choice) {
      replace(
        this.chip,
        h("span", { class: "rp-choice-label", title: choice.label }, this.opts.prefix ? h("span", { class: "rp-choice-prefix" }, `${this.opts.prefix} `) : null, choice.label),
        h("button", { type: "button", class: "chip-x", "aria-label": `Clear: ${choice.label}`, onclick: () => this.clear() }, icon("close", 12)),
      );
    }
  }

  private clear(): void {
    this.set(null);
    this.opts.onChange(null);
    this.input.value = "";
    this.input.focus();
  }

  private async find(): Promise<void> {
    const text = this.input.value.trim();
    const token = ++this.token;
    let rows: Suggestion[];
    try {
      rows = await this.opts.find(text);
    } catch {
      rows = [];
    }
    if (token !== this.token || document.activeElement !== this.input) return;
    if (!text && !rows.length) return this.close();
    replace(
      this.results,
      ...(rows.length
        ? rows.map((s) =>
            h(
              "li",
              { role: "option" },
              h(
                "button",
                {
                  type: "button",
                  class: "rp-suggestion",
                  "data-id": s.id,
                  onmousedown: (ev: Event) => ev.preventDefault(),
                  onclick: () => {
                    this.close();
                    this.input.value = "";
                    this.set({ id: s.id, label: s.label });
                    this.opts.onChange({ id: s.id, label: s.label });
                  },
                },
                s.dot ? h("span", { class: s.dot }) : null,
                h("span", { class: "rp-suggestion-name" }, s.label),
                s.meta ? h("span", { class: "rp-suggestion-meta muted" }, s.meta) : null,
              ),
            ),
          )
        : [h("li", { class: "rp-suggestion-empty muted" }, this.opts.empty)]),
    );
    this.results.hidden = false;
  }

  private close(): void {
    this.results.hidden = true;
  }
}
