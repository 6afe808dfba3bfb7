/**
 * The journey's ledger: every page a person sees, every field they fill, and every fact they
 * type that Baton already held ("tell my story once", issue 14).
 *
 * A *fact* is a named piece of the family's story ("child 2's surname", "the concern", "who gave
 * consent"). The first time anyone types it, Baton learns it. Typing it again anywhere later in
 * the journey, by anyone, is a re-typed fact. A field that already shows the right value (filled
 * in from what Baton holds) is checked, not typed, and costs nothing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expectNoAxeViolations } from './browser.js';

export interface PageVisit {
  step: string;
  path: string;
  user: string;
}

export class JourneyLedger {
  readonly visits: PageVisit[] = [];
  readonly retyped: { fact: string; step: string }[] = [];
  fields = 0;
  private readonly known = new Set<string>();
  private step = '';

  /** Name the part of the journey the next pages and fields belong to. */
  begin(step: string): void {
    this.step = step;
  }

  /** Pages seen so far in steps whose name starts with `prefix`. */
  pagesIn(prefix: string): number {
    return this.visits.filter((v) => v.step.startsWith(prefix)).length;
  }

  /** Count the page the browser is on now, and check it with axe-core. */
  async arrived(page: Page, user: string): Promise<void> {
    const path = new URL(page.url()).pathname;
    this.visits.push({ step: this.step, path, user });
    await expectNoAxeViolations(page, `${this.step}: ${path} as ${user}`);
  }

  /**
   * With BATON_SCREENSHOTS=1, keep a picture of this page for the README (docs/images); the
   * journey's key pages are pictured with invented people only.
   */
  async picture(page: Page, name: string): Promise<void> {
    if (process.env.BATON_SCREENSHOTS !== '1') return;
    const dir = join(process.cwd(), 'docs', 'images');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `journey-${name}.png`), fullPage: true });
  }

  /** Facts the journey has told Baton, by someone, so far. */
  learnt(fact: string): void {
    this.known.add(fact);
  }

  /**
   * Type a fact into a text field. Nothing is typed if the field already shows it; if Baton was
   * told it before, typing it again is counted against the journey.
   */
  async type(field: Locator, fact: string | null, value: string): Promise<void> {
    if (fact !== null && (await field.inputValue()) === value) {
      this.known.add(fact);
      return;
    }
    if (fact !== null && this.known.has(fact)) this.retyped.push({ fact, step: this.step });
    await field.fill(value);
    this.fields++;
    if (fact !== null) this.known.add(fact);
  }

  /**
   * A field Baton may already have filled from what it holds (the household, the concern): what
   * it shows is checked and kept; typed only when empty (and counted if Baton held the fact).
   */
  async accept(field: Locator, fact: string, value: string): Promise<void> {
    if ((await field.inputValue()).trim() !== '') {
      this.known.add(fact);
      return;
    }
    await this.type(field, fact, value);
  }

  /** Choose a radio, checkbox or option that is a fact (or a decision, when `fact` is null). */
  async choose(field: Locator, fact: string | null): Promise<void> {
    if (fact !== null && (await field.isChecked())) {
      this.known.add(fact);
      return;
    }
    if (fact !== null && this.known.has(fact)) this.retyped.push({ fact, step: this.step });
    await field.check();
    this.fields++;
    if (fact !== null) this.known.add(fact);
  }

  /** Pick an option from a select by its label. */
  async select(field: Locator, fact: string | null, label: string): Promise<void> {
    const current = await field.evaluate((el) => {
      const s = el as HTMLSelectElement;
      return s.selectedOptions[0]?.textContent.trim() ?? '';
    });
    if (fact !== null && current === label) {
      this.known.add(fact);
      return;
    }
    if (fact !== null && this.known.has(fact)) this.retyped.push({ fact, step: this.step });
    await field.selectOption({ label });
    this.fields++;
    if (fact !== null) this.known.add(fact);
  }

  /** Fill a GOV.UK date input that is a fact; the three boxes count as one field. */
  async date(page: Page, id: string, fact: string | null, iso: string): Promise<void> {
    const [year, month, day] = iso.split('-').map((p) => String(Number(p)));
    const day0 = page.locator(`#${id}-day`);
    const shown = [
      await day0.inputValue(),
      await page.locator(`#${id}-month`).inputValue(),
      await page.locator(`#${id}-year`).inputValue(),
    ].map((v) => String(Number(v)));
    if (fact !== null && shown.join('-') === [day, month, year].join('-')) {
      this.known.add(fact);
      return;
    }
    if (fact !== null && this.known.has(fact)) this.retyped.push({ fact, step: this.step });
    await day0.fill(day ?? '');
    await page.locator(`#${id}-month`).fill(month ?? '');
    await page.locator(`#${id}-year`).fill(year ?? '');
    this.fields++;
    if (fact !== null) this.known.add(fact);
  }

  /** The figures, as the test prints them. */
  summary(): string {
    const users = new Set(this.visits.map((v) => v.user));
    const lines = [
      `pages: ${String(this.visits.length)}`,
      `fields filled: ${String(this.fields)}`,
      `facts typed again: ${String(this.retyped.length)}`,
      `accounts: ${String(users.size)} (${[...users].join(', ')})`,
      ...this.retyped.map((r) => `  again: ${r.fact} (${r.step})`),
    ];
    return lines.join('\n');
  }
}
