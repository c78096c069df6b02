/** Attributes of {@link el}: properties such as `id`, `className`, `value`, or `data-*` strings. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/**
 * Creates an element with attributes and children (strings become text): the page's only DOM
 * helper, in place of a UI framework.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('data-') || name.startsWith('aria-') || name === 'for') {
      element.setAttribute(name, String(value));
    } else {
      (element as unknown as Record<string, unknown>)[name] = value;
    }
  }
  element.append(...children);
  return element;
}

/** A labelled form control: `<label>text <control></label>`. */
export function field(text: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  const label = el('label', { className: 'field' }, el('span', {}, text), control);
  if (hint) label.title = hint;
  return label;
}

/** A number input. */
export function numberInput(
  id: string,
  value: number,
  options: { min?: number; max?: number; step?: number } = {},
): HTMLInputElement {
  return el('input', {
    id,
    type: 'number',
    value: String(value),
    min: options.min === undefined ? undefined : String(options.min),
    max: options.max === undefined ? undefined : String(options.max),
    step: String(options.step ?? 1),
  });
}

/** A select from a list of values (and optional labels). */
export function select(
  id: string,
  values: readonly string[],
  labels: Readonly<Record<string, string>> = {},
): HTMLSelectElement {
  return el('select', { id }, ...values.map((v) => el('option', { value: v }, labels[v] ?? v)));
}

/**
 * Reads a number input, clamped to its `min` and `max`.
 *
 * @throws Error naming the field when it is not a number.
 */
export function readNumber(input: HTMLInputElement): number {
  const value = Number(input.value);
  if (input.value.trim() === '' || !Number.isFinite(value)) {
    throw new Error(`${input.id}: "${input.value}" is not a number.`);
  }
  const min = input.min === '' ? -Infinity : Number(input.min);
  const max = input.max === '' ? Infinity : Number(input.max);
  return Math.min(max, Math.max(min, value));
}

/** Shows a message in a status line: `error` styles it as a failure. */
export function say(status: HTMLElement, message: string, error = false): void {
  status.textContent = message;
  status.classList.toggle('error', error);
}
